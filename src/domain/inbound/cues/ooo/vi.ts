import type { OooCues } from './types';

const month = (n: number) => `tháng_${n} tháng_${String(n).padStart(2, '0')}`;

export const vi: OooCues = {
  lang: 'vi',
  replyPrefixes: ['trả lời', 'tl', 'chuyển tiếp'],
  subjectAutomated: ['trả lời tự động', 'thư trả lời tự động', 'phản hồi tự động'],
  subjectAbsence: ['vắng mặt', 'nghỉ phép', 'không có mặt tại văn phòng'],
  bodyAutomated: ['(?:thư|email|tin nhắn) (?:trả lời|phản hồi) tự động', '(?:trả lời|phản hồi) tự động'],
  bodyAbsence: [
    'tôi (?:hiện |hiện đang |đang )?(?:nghỉ phép|vắng mặt|đi công tác|không có mặt (?:tại|ở) văn phòng)',
    'không có mặt (?:tại|ở) văn phòng',
    'trong thời gian (?:tôi )?vắng mặt',
  ],
  returnBefore: ['(?:sẽ\\s+)?(?:trở lại|quay lại|quay trở lại)(?:\\s+(?:làm việc|văn phòng))?', 'đi làm lại'],
  untilBefore: ['(?:cho\\s+)?đến(?:\\s+hết)?', 'tới'],
  fillers: ['vào', 'ngày', 'từ'],
  months: Array.from({ length: 12 }, (_, i) => month(i + 1)),
  weekdays: ['thứ_hai', 'thứ_ba', 'thứ_tư', 'thứ_năm', 'thứ_sáu', 'thứ_bảy', 'chủ_nhật'],
  dateOrder: 'DMY',
};

import type { UnsubscribeCues } from './types';

// Tone marks sit on either vowel in practice ("hủy"/"huỷ", "xóa"/"xoá"): both spellings are listed.
export const vi: UnsubscribeCues = {
  lang: 'vi',
  requests: [
    '(?:vui lòng|xin|làm ơn|hãy) (?:hãy )?(?:x(?:óa|oá)|gỡ|loại) (?:tôi|email của tôi|địa chỉ (?:email )?của tôi)(?: ra)? khỏi',
    'tôi muốn h(?:ủy|uỷ) đăng ký',
    'h(?:ủy|uỷ) đăng ký (?:cho|giúp) tôi',
    'đừng gửi (?:email|thư|mail) (?:cho tôi )?nữa',
    '(?:tôi )?không muốn nhận (?:thêm )?(?:email|thư|mail)',
    '(?:vui lòng )?ngừng gửi (?:email|thư|mail) cho tôi',
  ],
  subject: ['h(?:ủy|uỷ) đăng ký'],
  mentions: ['h(?:ủy|uỷ) đăng ký', 'ngừng nhận'],
  questions: ['làm (?:sao|thế nào)', 'ở đâu', 'bằng cách nào'],
  scoped: ['thay vì', 'ngoại trừ'],
  footer: ['nhấp', 'bấm vào', 'nhấn vào'],
};

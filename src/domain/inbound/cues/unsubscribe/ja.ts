import type { UnsubscribeCues } from './types';

export const ja: UnsubscribeCues = {
  lang: 'ja',
  noWordBoundaries: true,
  requests: [
    '配信停止を?(?:して|希望|お願い)',
    '配信を停止して',
    '配信不要',
    '配信を解除して',
    '登録を?解除して',
    'メールは不要',
    '送らないで',
    '(?:リスト|配信リスト|メーリングリスト|配信先)から(?:外して|削除して|除外して)',
    '今後(?:の)?(?:メール|ご案内)(?:は|の送付は)?不要',
    '送信を?停止して',
  ],
  subject: ['配信停止', '配信解除', '登録解除'],
  mentions: ['配信停止', '購読解除', '登録解除', '配信解除'],
  questions: ['どうすれば', 'どうやって', 'どこで', 'どのように', '方法'],
  scoped: ['代わりに'],
  footer: ['クリック'],
};

import type { UnsubscribeCues } from './types';

export const tr: UnsubscribeCues = {
  lang: 'tr',
  requests: [
    'beni.{0,40}(?:listeden|listenizden|listesinden) (?:çıkar|çıkart|sil)\\p{L}*',
    'abonelikten çık(?:mak istiyorum|arın|artın|arın lütfen)',
    'aboneliğimi iptal (?:edin|ediniz|etmek istiyorum)',
    'bana (?:bir daha |artık |daha fazla )?(?:e-?posta|mail|ileti|mesaj) (?:göndermeyin|atmayın|yollamayın)',
    '(?:e-?posta|mail|ileti) almak istemiyorum',
    '(?:e-?posta )?adresimi (?:silin|listeden çıkarın)',
  ],
  subject: ['abonelikten çık', 'listeden çıkar'],
  mentions: ['abonelikten çık', 'listeden çık', 'abonelik iptal'],
  questions: ['nasıl', 'nereden', 'mümkün mü'],
  scoped: ['yerine', 'hariç'],
  footer: ['tıklayın', 'tıklayınız', 'tıklayarak'],
};

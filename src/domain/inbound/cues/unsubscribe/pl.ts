import type { UnsubscribeCues } from './types';

export const pl: UnsubscribeCues = {
  lang: 'pl',
  requests: [
    'wypisz(?:cie)? mnie',
    '(?:chc[ęe]|prosz[ęe]) (?:się |o )?wypis(?:a[ćc]|anie)',
    'usu[ńn](?:cie)? mnie',
    'prosz[ęe] (?:mnie )?usun[ąa][ćc](?: mnie)? z (?:listy|bazy|mailingu)',
    'prosz[ęe] o usuni[ęe]cie (?:mnie|mojego adresu)',
    'nie chc[ęe] (?:otrzymywać|dostawać)',
    'prosz[ęe] (?:więcej )?nie (?:wysyłać|przysyłać)',
    'rezygnuj[ęe] z (?:subskrypcji|newslettera|mailingu)',
  ],
  subject: ['wypisz', 'wypisanie', 'rezygnacja'],
  mentions: ['wypis', 'rezygn\\p{L}* z (?:newslettera|subskrypcji|mailingu)'],
  questions: ['jak', 'gdzie', 'czy (?:można|da się)'],
  scoped: ['zamiast', 'oprócz', 'poza'],
  footer: ['kliknij', 'klikając'],
};

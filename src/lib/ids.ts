/** Prefixed, sortable-enough random ids: `enr_3f9c...`. WebCrypto only, so it runs on Workers. */
export type IdPrefix =
  | 'ins'
  | 'key'
  | 'con'
  | 'seq'
  | 'sqv'
  | 'tpl'
  | 'enr'
  | 'evt'
  | 'snd'
  | 'req'
  | 'msg'
  | 'sup'
  | 'eng'
  | 'mdl'
  | 'mdv'
  | 'act'
  | 'inb'
  | 'ses'
  | 'lnk'
  | 'cor';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;
}

import type { AppDeps } from '../../http/context';
import type { JobHandlers } from '../worker';

export function scoringHandlers(_deps: AppDeps): JobHandlers {
  return {};
}

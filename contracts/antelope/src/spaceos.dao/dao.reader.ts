/**
 * Read-only view of spaceos.dao's `state` singleton for other contracts (spaceos.prov, spaceos.brdg, spaceos.orcl…).
 *
 * @example
 *   import { isDaoPaused } from '../spaceos.dao/dao.reader'
 *   check(!isDaoPaused(), 'network is paused by a DAO emergency vote')
 */
import { EMPTY_NAME, Name, Singleton, Table } from 'proton-tsc'
import { ACCOUNT_DAO } from '../../../../generated/assemblyscript/parameters'

/** Same layout as spaceos.dao's `state` (keep the field order in sync with spaceos.dao.tables.ts). */
@table('state', singleton, noabigen)
export class DaoStateView extends Table {
  constructor(
    public phase: u8 = 1,
    public paused: bool = false,
    public paused_by: u64 = 0,
    public sealed: bool = false,
    public delegation_cap_bps: u64 = 0,
    public next_id: u64 = 1,
    public council: Name = EMPTY_NAME,
  ) {
    super()
  }
}

/** True while an executed emergency-pause proposal is in force; false when spaceos.dao has no state yet. */
export function isDaoPaused(): bool {
  const dao = Name.fromString(ACCOUNT_DAO)
  const s = new Singleton<DaoStateView>(dao).getOrNull()
  return s != null && s.paused
}

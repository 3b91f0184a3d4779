/**
 * The ABI of nodeos' native actions on `eosio` (`newaccount`, `updateauth`, `deleteauth`, `linkauth`, `unlinkauth`,
 * `setcode`, `setabi`) as a plain ABI definition: load it with `ABI.from` of `@wharfkit/antelope` to build or decode
 * those actions without asking a chain for its system ABI.
 *
 * @example
 * import { ABI, Action } from '@wharfkit/antelope'
 * import { eosioNativeAbi } from '@spaceos/antelope'
 * const abi = ABI.from(eosioNativeAbi)
 * Action.from({ account: 'eosio', name: 'updateauth', authorization: [], data: { … } }, abi)
 */
export const eosioNativeAbi = {
  version: 'eosio::abi/1.1',
  types: [],
  structs: [
    {
      name: 'key_weight',
      base: '',
      fields: [
        { name: 'key', type: 'public_key' },
        { name: 'weight', type: 'uint16' },
      ],
    },
    {
      name: 'permission_level',
      base: '',
      fields: [
        { name: 'actor', type: 'name' },
        { name: 'permission', type: 'name' },
      ],
    },
    {
      name: 'permission_level_weight',
      base: '',
      fields: [
        { name: 'permission', type: 'permission_level' },
        { name: 'weight', type: 'uint16' },
      ],
    },
    {
      name: 'wait_weight',
      base: '',
      fields: [
        { name: 'wait_sec', type: 'uint32' },
        { name: 'weight', type: 'uint16' },
      ],
    },
    {
      name: 'authority',
      base: '',
      fields: [
        { name: 'threshold', type: 'uint32' },
        { name: 'keys', type: 'key_weight[]' },
        { name: 'accounts', type: 'permission_level_weight[]' },
        { name: 'waits', type: 'wait_weight[]' },
      ],
    },
    {
      name: 'newaccount',
      base: '',
      fields: [
        { name: 'creator', type: 'name' },
        { name: 'name', type: 'name' },
        { name: 'owner', type: 'authority' },
        { name: 'active', type: 'authority' },
      ],
    },
    {
      name: 'updateauth',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'permission', type: 'name' },
        { name: 'parent', type: 'name' },
        { name: 'auth', type: 'authority' },
      ],
    },
    {
      name: 'deleteauth',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'permission', type: 'name' },
      ],
    },
    {
      name: 'linkauth',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'code', type: 'name' },
        { name: 'type', type: 'name' },
        { name: 'requirement', type: 'name' },
      ],
    },
    {
      name: 'unlinkauth',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'code', type: 'name' },
        { name: 'type', type: 'name' },
      ],
    },
    {
      name: 'setcode',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'vmtype', type: 'uint8' },
        { name: 'vmversion', type: 'uint8' },
        { name: 'code', type: 'bytes' },
      ],
    },
    {
      name: 'setabi',
      base: '',
      fields: [
        { name: 'account', type: 'name' },
        { name: 'abi', type: 'bytes' },
      ],
    },
  ],
  actions: ['newaccount', 'updateauth', 'deleteauth', 'linkauth', 'unlinkauth', 'setcode', 'setabi'].map((name) => ({
    name,
    type: name,
    ricardian_contract: '',
  })),
  tables: [],
  ricardian_clauses: [],
  variants: [],
}

/**
 * `@spaceos/evm/node`: the Node.js-only part of the SDK (files and processes), kept out of the main entry so the
 * main entry bundles for browsers: address book files and a local anvil devnet.
 */

export { loadAddressBook, saveAddressBook } from './addressBookFiles.ts'
export { type Anvil, resolveAnvilBinary, type StartAnvilOptions, startAnvil } from './anvil.ts'

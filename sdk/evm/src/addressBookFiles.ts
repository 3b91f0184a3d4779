import { readFile, writeFile } from 'node:fs/promises'
import { type AddressBook, parseAddressBook } from './addressBook.ts'
import { AddressBookInvalidError } from './errors/base.ts'

/**
 * Reads and validates an address book JSON file.
 *
 * @example
 * ```ts
 * import { loadAddressBook } from '@spaceos/evm/node'
 * const book = await loadAddressBook('deployments/local.json')
 * ```
 */
export async function loadAddressBook(path: string): Promise<AddressBook> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new AddressBookInvalidError({ problem: `${path} is not readable JSON`, cause })
  }
  return parseAddressBook(json)
}

/**
 * Validates and writes an address book as pretty JSON (stable key order of the schema).
 *
 * @example
 * ```ts
 * import { deploy } from '@spaceos/evm'
 * import { saveAddressBook } from '@spaceos/evm/node'
 * await saveAddressBook('deployments/local.json', await deploy(wallet))
 * ```
 */
export async function saveAddressBook(path: string, book: AddressBook): Promise<void> {
  await writeFile(path, `${JSON.stringify(parseAddressBook(book), null, 2)}\n`)
}

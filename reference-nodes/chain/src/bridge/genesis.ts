import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatSpace, spaceSymbol } from '@spaceos/antelope'
import { type AddressBook, createSpaceosWalletClient, deploy, parseAddressBook, spaceosLocal } from '@spaceos/evm'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_EVM,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_TOKEN,
  BRIDGE_SCALE_SPACE,
  LEGACY_STABLE_EVM_DECIMALS,
  SPACE_EVM_DECIMALS,
  USD_EVM_DECIMALS,
} from '@spaceos/generated/parameters'
import type { Logger } from '@spaceos/node-kit'
import { ABI, PrivateKey, Serializer } from '@wharfkit/antelope'
import { createPublicClient, type Hex, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { ChainNodeError } from '../errors.ts'
import type { AntelopeClient } from './antelopeClient.ts'
import { ACCOUNT_RELAYER, type Relayer } from './relayer.ts'

/** The bridged native stablecoins (created on `eosio.token` at genesis, issuer `eosio`) and their EVM decimals. */
export const BRIDGED_STABLECOINS = [
  { symbol: 'USD', evmDecimals: USD_EVM_DECIMALS },
  { symbol: 'EUR', evmDecimals: USD_EVM_DECIMALS },
  { symbol: 'GBP', evmDecimals: USD_EVM_DECIMALS },
  { symbol: 'USDT', evmDecimals: LEGACY_STABLE_EVM_DECIMALS },
  { symbol: 'USDC', evmDecimals: LEGACY_STABLE_EVM_DECIMALS },
] as const

/** SPACE bridged to the EVM deployer at genesis: pays for deploying and wiring the contracts (native units). */
export const GENESIS_DEPLOYER_FUNDING = 1_000_0000n

/** The bridge's generated keys: local only, never for a real chain. */
export type BridgeKeys = {
  /** The relayer: native account {@link ACCOUNT_RELAYER} and the EVM bridge authority. */
  relayer: { nativePrivateKey: string; nativePublicKey: string; evmPrivateKey: Hex; evmAddress: string }
  /** The EVM deployer (DEFAULT_ADMIN_ROLE of every contract on the devnet). */
  deployer: { evmPrivateKey: Hex; evmAddress: string }
}

/** Loads the bridge keys from `<dir>/keys.json`, generating (and saving, mode 0600) them the first time. */
export function loadBridgeKeys(dir?: string): BridgeKeys {
  const file = dir ? join(dir, 'keys.json') : undefined
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as BridgeKeys
  const native = PrivateKey.generate('K1')
  const relayerEvm = generatePrivateKey()
  const deployerEvm = generatePrivateKey()
  const keys: BridgeKeys = {
    relayer: {
      nativePrivateKey: native.toString(),
      nativePublicKey: native.toPublic().toString(),
      evmPrivateKey: relayerEvm,
      evmAddress: privateKeyToAccount(relayerEvm).address,
    },
    deployer: { evmPrivateKey: deployerEvm, evmAddress: privateKeyToAccount(deployerEvm).address },
  }
  if (dir && file) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, `${JSON.stringify({ note: 'local only, never use on a real chain', ...keys }, null, 2)}\n`, {
      mode: 0o600,
    })
  }
  return keys
}

const defaultArtifactsDir = () => fileURLToPath(new URL('../../../../contracts/antelope/build/', import.meta.url))
const authority = (publicKey: string, code?: string) => ({
  threshold: 1,
  keys: [{ key: publicKey, weight: 1 }],
  accounts: code ? [{ permission: { actor: code, permission: 'eosio.code' }, weight: 1 }] : [],
  waits: [],
})

/**
 * Native half of the bridge genesis, as transactions signed by the genesis key (so the chain's own log keeps them):
 * the relayer account, `eosio.evm` running the bridge contract for SPACE (a second instance of the `spaceos.brdg`
 * code, so a bad memo fails natively [NP-BRDG-012] and releases are once per message ID [NP-BRDG-023]), the relayer
 * as bridge authority of both and as verdict relayer of `spaceos.prov`, and the native stablecoins.
 */
export async function bootstrapNativeBridge(
  native: AntelopeClient,
  keys: BridgeKeys,
  genesisPublicKey: string,
  artifactsDir = defaultArtifactsDir(),
) {
  if (!(await native.accountExists(ACCOUNT_RELAYER))) {
    const active = authority(keys.relayer.nativePublicKey)
    await native.push([
      {
        account: 'eosio',
        name: 'newaccount',
        actor: 'eosio',
        data: { creator: 'eosio', name: ACCOUNT_RELAYER, owner: active, active },
      },
    ])
  }
  const wasm = readFileSync(join(artifactsDir, `${ACCOUNT_BRIDGE}.wasm`))
  const abi = ABI.from(JSON.parse(readFileSync(join(artifactsDir, `${ACCOUNT_BRIDGE}.abi`), 'utf8')))
  await native.push([
    {
      account: 'eosio',
      name: 'setcode',
      actor: ACCOUNT_EVM,
      data: { account: ACCOUNT_EVM, vmtype: 0, vmversion: 0, code: wasm.toString('hex') },
    },
    {
      account: 'eosio',
      name: 'setabi',
      actor: ACCOUNT_EVM,
      data: { account: ACCOUNT_EVM, abi: Serializer.encode({ object: abi }).hexString },
    },
    {
      // releases pay out with an inline transfer: eosio.evm@eosio.code may act as eosio.evm@active
      account: 'eosio',
      name: 'updateauth',
      actor: ACCOUNT_EVM,
      data: {
        account: ACCOUNT_EVM,
        permission: 'active',
        parent: 'owner',
        auth: authority(genesisPublicKey, ACCOUNT_EVM),
      },
    },
  ])
  await native.push([
    {
      account: ACCOUNT_EVM,
      name: 'settoken',
      actor: ACCOUNT_EVM,
      data: {
        symbol: spaceSymbol,
        contract: ACCOUNT_TOKEN,
        evm_decimals: SPACE_EVM_DECIMALS,
        evm_token: 'native',
        enabled: true,
      },
    },
    { account: ACCOUNT_EVM, name: 'setauth', actor: ACCOUNT_EVM, data: { authority: ACCOUNT_RELAYER } },
    { account: ACCOUNT_BRIDGE, name: 'setauth', actor: ACCOUNT_BRIDGE, data: { authority: ACCOUNT_RELAYER } },
  ])
  const [provConfig] = await native.rows<{ reporter: string }>(ACCOUNT_PROVIDERS, 'config')
  await native.push([
    {
      account: ACCOUNT_PROVIDERS,
      name: 'setauth',
      actor: ACCOUNT_PROVIDERS,
      data: { reporter: provConfig?.reporter ?? ACCOUNT_ORACLE, relayer: ACCOUNT_RELAYER },
    },
  ])
  const stats = await native.rows<{ supply: string }>(ACCOUNT_TOKEN, 'stat', 'USD')
  if (stats.length === 0) {
    await native.push(
      BRIDGED_STABLECOINS.map(({ symbol }) => ({
        account: ACCOUNT_TOKEN,
        name: 'create',
        actor: ACCOUNT_TOKEN,
        data: { issuer: 'eosio', maximum_supply: `100000000000.0000 ${symbol}` },
      })),
    )
  }
}

/** Registers the stablecoins with `spaceos.brdg`, each pointing at its `.s` ERC-20 of the address book. */
export async function registerBridgedTokens(native: AntelopeClient, book: AddressBook) {
  await native.push(
    BRIDGED_STABLECOINS.map(({ symbol, evmDecimals }) => ({
      account: ACCOUNT_BRIDGE,
      name: 'settoken',
      actor: ACCOUNT_BRIDGE,
      data: {
        symbol: `4,${symbol}`,
        contract: ACCOUNT_TOKEN,
        evm_decimals: evmDecimals,
        evm_token: (book.tokens as Record<string, string>)[`${symbol}.s`],
        enabled: true,
      },
    })),
  )
}

/** Options of {@link runBridgeGenesis}. */
export type BridgeGenesisOptions = {
  native: AntelopeClient
  relayer: Relayer
  keys: BridgeKeys
  genesisPublicKey: string
  /** The tx-wrapper URL: the deployment goes through the chain's transaction rules. */
  evmUrl: string
  /** Where the address book is written. */
  addressBookPath?: string
  logger?: Logger
}

/**
 * The EVM half of the devnet genesis: bootstraps the native bridge, funds the deployer by bridging native SPACE from
 * `eosio` (a real transfer to `eosio.evm` with memo `0x<deployer>`, credited by the relayer — anvil has no
 * pre-funded accounts [NP-BRDG-001]), deploys every EVM contract with `@spaceos/evm` `deploy` through the tx-wrapper
 * (legacy 150 gwei transactions, relayer = bridge authority), registers the stablecoins natively and returns the
 * address book.
 */
export async function runBridgeGenesis(options: BridgeGenesisOptions): Promise<AddressBook> {
  const { native, relayer, keys, logger } = options
  logger?.info('bridge genesis: native bridge accounts and tokens')
  await bootstrapNativeBridge(native, keys, options.genesisPublicKey)
  const funding = formatSpace(GENESIS_DEPLOYER_FUNDING)
  await native.push([
    {
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      actor: 'eosio',
      data: { from: 'eosio', to: ACCOUNT_EVM, quantity: funding, memo: keys.deployer.evmAddress.toLowerCase() },
    },
  ])
  await relayer.drain()
  const evm = createPublicClient({ chain: spaceosLocal, transport: http(options.evmUrl), cacheTime: 0 })
  const funded = await evm.getBalance({ address: keys.deployer.evmAddress as Hex })
  if (funded !== GENESIS_DEPLOYER_FUNDING * BRIDGE_SCALE_SPACE) {
    throw new ChainNodeError('INTERNAL', `bridge genesis: the deployer holds ${funded} wei after bridging ${funding}`)
  }
  logger?.info({ deployer: keys.deployer.evmAddress }, 'bridge genesis: deploying the EVM contracts')
  const wallet = createSpaceosWalletClient({
    account: privateKeyToAccount(keys.deployer.evmPrivateKey),
    chain: spaceosLocal,
    transport: http(options.evmUrl),
  })
  const book = await deploy(wallet, { roles: { bridgeAuthority: keys.relayer.evmAddress as Hex } })
  await registerBridgedTokens(native, book)
  relayer.setAddressBook(book)
  if (options.addressBookPath) writeFileSync(options.addressBookPath, `${JSON.stringify(book, null, 2)}\n`)
  return book
}

/** Reads a saved address book and checks every contract still has code on the EVM (a restart must not redeploy). */
export async function loadDeployedAddressBook(path: string, evmUrl: string): Promise<AddressBook> {
  const book = parseAddressBook(JSON.parse(readFileSync(path, 'utf8')))
  const evm = createPublicClient({ chain: spaceosLocal, transport: http(evmUrl), cacheTime: 0 })
  for (const [name, address] of [...Object.entries(book.contracts), ...Object.entries(book.tokens)]) {
    const code = await evm.getCode({ address })
    if (!code || code === '0x') {
      throw new ChainNodeError(
        'FAILED_PRECONDITION',
        `${name} (${address}) from ${path} has no code on the EVM: the EVM state was lost; start again with --reset`,
      )
    }
  }
  return book
}

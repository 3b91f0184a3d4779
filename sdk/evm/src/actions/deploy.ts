import { LEGACY_STABLE_EVM_DECIMALS } from '@spaceos/generated/parameters'
import type { Abi, Account, Address, Chain, Client, Hash, Hex, TransactionReceipt, Transport } from 'viem'
import {
  deployContract,
  getBlockNumber,
  readContract,
  sendTransaction,
  waitForTransactionReceipt,
  writeContract,
} from 'viem/actions'
import { type AddressBook, parseAddressBook } from '../addressBook.ts'
import { abis, bytecodes } from '../contracts.ts'
import { DeployFailedError } from '../errors/base.ts'
import { toContractRevertError } from '../errors/contractRevert.ts'
import { toLegacyRequest } from '../legacy.ts'

/** Who holds each role of the deployment; every role defaults to the deploying account (a devnet setup). */
export type DeployRoles = {
  /** DEFAULT_ADMIN_ROLE of every contract (governance). */
  admin?: Address
  /** Mints bridged tokens and carries downtime verdicts over (BridgeTokenFactory, SpaceProviderBond). */
  bridgeAuthority?: Address
  /** Mints and redeems fiat stablecoins (FiatStablecoinFactory). */
  treasurySigner?: Address
  /** Attests reserves (FiatStablecoinFactory). */
  reconciler?: Address
  /** Reviews queued withdrawals (FiatStablecoinFactory). */
  reviewer?: Address
  /** Settles metered usage batches (InferenceSettlement). */
  settler?: Address
  /** Receives the treasury share (InferenceSettlement, SpaceProviderBond slashes). */
  treasury?: Address
  /** Receives the oracle share (InferenceSettlement). */
  oraclePool?: Address
  /** Writes KYC status (SpaceIdentityRegistry). */
  verifier?: Address
  /** Receives the vault origination fee (SpaceVault). */
  feeRecipient?: Address
}

/** Options of {@link deploy}. */
export type DeployOptions = {
  roles?: DeployRoles
  /** SPACE (wei) sent to SpaceFaucet after deployment; default none. */
  fundFaucet?: bigint
  /** SPACE (wei) added to SpaceStaking's reward reserve; default none. */
  fundStakingRewards?: bigint
}

/** The address book of the new deployment. */
export type DeployReturnType = AddressBook

type DeployClient = Client<Transport, Chain, Account>

/**
 * Deploys the whole SPACE OS EVM contract set to any RPC, in dependency order, wires the roles and returns the address
 * book. Bytecode is the committed `abi/evm/bytecode/*.hex` (shipped in `@spaceos/generated`), so no compiler is needed.
 * Every transaction is legacy at 150 gwei.
 *
 * Order: FiatStablecoinFactory (+ USD.s, EUR.s, GBP.s) → BridgeTokenFactory (+ USDT.s, USDC.s; the fiat coins are
 * registered for bridging) → NativeBridge → InferenceSettlement (USD.s) → SpaceStaking → SpaceFaucet →
 * SpaceProviderBond → SpaceIdentityRegistry → SpaceVault (USD.s, USDT.s, USDC.s) → SpaceInsurance (USD.s premiums) →
 * SpaceRWAFactory (registry).
 *
 * @throws {DeployFailedError} naming the step, with the decoded revert as `cause`.
 * @example
 * ```ts
 * import { createSpaceosWalletClient, deploy, spaceosLocal } from '@spaceos/evm'
 * import { saveAddressBook } from '@spaceos/evm/node'
 * import { http } from 'viem'
 * import { privateKeyToAccount } from 'viem/accounts'
 * const wallet = createSpaceosWalletClient({ account: privateKeyToAccount(key), chain: spaceosLocal, transport: http(url) })
 * await saveAddressBook('deployments/local.json', await deploy(wallet))
 * ```
 */
export async function deploy(client: DeployClient, options: DeployOptions = {}): Promise<DeployReturnType> {
  const deployer = client.account.address
  // contracts are constructed with the deployer as admin (it creates and wires the tokens); a different admin
  // receives DEFAULT_ADMIN_ROLE at the end and the deployer renounces it
  const finalAdmin = options.roles?.admin ?? deployer
  const roles = {
    bridgeAuthority: deployer,
    treasurySigner: deployer,
    reconciler: deployer,
    reviewer: deployer,
    settler: deployer,
    treasury: deployer,
    oraclePool: deployer,
    verifier: deployer,
    feeRecipient: deployer,
    ...options.roles,
    admin: deployer,
  }
  const startBlock = Number(await getBlockNumber(client))

  const confirm = async (step: string, send: () => Promise<Hash>): Promise<TransactionReceipt> => {
    let receipt: TransactionReceipt
    try {
      receipt = await waitForTransactionReceipt(client, { hash: await send() })
    } catch (error) {
      throw new DeployFailedError({ step, cause: toContractRevertError(error) })
    }
    if (receipt.status !== 'success') throw new DeployFailedError({ step })
    return receipt
  }
  const create = async (name: keyof typeof bytecodes, args: readonly unknown[]): Promise<Address> => {
    const receipt = await confirm(`deploy ${name}`, () =>
      deployContract(
        client,
        toLegacyRequest({
          abi: abis[name] as Abi,
          bytecode: bytecodes[name] as Hex,
          args,
          account: client.account,
        }) as never,
      ),
    )
    if (!receipt.contractAddress) throw new DeployFailedError({ step: `deploy ${name}` })
    return receipt.contractAddress
  }
  const call = (step: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    confirm(step, () =>
      writeContract(
        client,
        toLegacyRequest({ address, abi, functionName, args, account: client.account, chain: client.chain }) as never,
      ),
    )
  const view = (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    readContract(client, { address, abi, functionName, args }) as Promise<Address>

  const fiat = await create('FiatStablecoinFactory', [
    roles.admin,
    roles.treasurySigner,
    roles.reconciler,
    roles.reviewer,
  ])
  const fiatAbi = abis.FiatStablecoinFactory as Abi
  // the deployer creates the tokens and wires them, so it needs the admin role at deploy time
  const fiatCoins = [
    ['SPACE OS USD', 'USD.s'],
    ['SPACE OS EUR', 'EUR.s'],
    ['SPACE OS GBP', 'GBP.s'],
  ] as const
  const tokens: Record<string, Address> = {}
  for (const [name, symbol] of fiatCoins) {
    await call(`create ${symbol}`, fiat, fiatAbi, 'createStablecoin', [name, symbol])
    tokens[symbol] = await view(fiat, fiatAbi, 'tokenBySymbol', [symbol])
  }

  const bridge = await create('BridgeTokenFactory', [roles.admin, roles.bridgeAuthority])
  const bridgeAbi = abis.BridgeTokenFactory as Abi
  for (const [name, symbol] of [
    ['Bridged Tether', 'USDT.s'],
    ['Bridged USD Coin', 'USDC.s'],
  ] as const) {
    await call(`create ${symbol}`, bridge, bridgeAbi, 'createToken', [name, symbol, LEGACY_STABLE_EVM_DECIMALS])
    tokens[symbol] = await view(bridge, bridgeAbi, 'tokenBySymbol', [symbol])
  }
  // §8.1: native USD/EUR/GBP reach the EVM through BridgeTokenFactory.mint, so the bridge may mint the fiat coins
  for (const [, symbol] of fiatCoins) {
    await call(`allow bridge to mint ${symbol}`, fiat, fiatAbi, 'setBridgeMinter', [tokens[symbol], bridge, true])
    await call(`register ${symbol} for bridging`, bridge, bridgeAbi, 'registerToken', [tokens[symbol]])
  }

  const nativeBridge = await create('NativeBridge', [roles.admin])
  const settlement = await create('InferenceSettlement', [
    roles.admin,
    roles.settler,
    roles.treasury,
    roles.oraclePool,
    tokens['USD.s'],
  ])
  const staking = await create('SpaceStaking', [roles.admin])
  const faucet = await create('SpaceFaucet', [roles.admin])
  const bond = await create('SpaceProviderBond', [roles.admin, roles.bridgeAuthority, roles.treasury])
  const registry = await create('SpaceIdentityRegistry', [roles.admin, roles.verifier])
  const vault = await create('SpaceVault', [
    roles.admin,
    roles.feeRecipient,
    [tokens['USD.s'], tokens['USDT.s'], tokens['USDC.s']],
  ])
  const insurance = await create('SpaceInsurance', [roles.admin, tokens['USD.s']])
  const rwa = await create('SpaceRWAFactory', [roles.admin, registry])

  if (options.fundFaucet) {
    await confirm('fund SpaceFaucet', () =>
      sendTransaction(
        client,
        toLegacyRequest({ to: faucet, value: options.fundFaucet, account: client.account }) as never,
      ),
    )
  }
  if (options.fundStakingRewards) {
    await confirm('fund SpaceStaking rewards', () =>
      writeContract(
        client,
        toLegacyRequest({
          address: staking,
          abi: abis.SpaceStaking as Abi,
          functionName: 'fundRewards',
          value: options.fundStakingRewards,
          account: client.account,
          chain: client.chain,
        }) as never,
      ),
    )
  }

  const contracts = {
    FiatStablecoinFactory: fiat,
    BridgeTokenFactory: bridge,
    NativeBridge: nativeBridge,
    InferenceSettlement: settlement,
    SpaceStaking: staking,
    SpaceFaucet: faucet,
    SpaceProviderBond: bond,
    SpaceIdentityRegistry: registry,
    SpaceVault: vault,
    SpaceInsurance: insurance,
    SpaceRWAFactory: rwa,
  }
  if (finalAdmin.toLowerCase() !== deployer.toLowerCase()) {
    const adminRole = `0x${'00'.repeat(32)}`
    for (const [name, address] of Object.entries(contracts)) {
      const abi = abis[name as keyof typeof contracts] as Abi
      await call(`grant admin of ${name}`, address, abi, 'grantRole', [adminRole, finalAdmin])
      await call(`renounce admin of ${name}`, address, abi, 'renounceRole', [adminRole, deployer])
    }
  }

  return parseAddressBook({
    version: 1,
    chainId: client.chain.id,
    deployer,
    startBlock,
    contracts,
    tokens,
    roles: { ...roles, admin: finalAdmin },
  })
}

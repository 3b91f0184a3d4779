import { LEGACY_STABLE_EVM_DECIMALS } from '@spaceos/generated/parameters'
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Client,
  type ContractConstructorArgs,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type TransactionReceipt,
  type Transport,
  zeroHash,
} from 'viem'
import { deployContract, getBlockNumber, readContract, sendTransaction, waitForTransactionReceipt } from 'viem/actions'
import { type AddressBook, parseAddressBook } from '../addressBook.ts'
import { abis, bytecodes, type DeployedContractName } from '../contracts.ts'
import { DeployFailedError } from '../errors/base.ts'
import { toContractRevertError } from '../errors/contractRevert.ts'
import { toLegacyRequest } from '../legacy.ts'
import { type WriteLegacyContractParameters, writeLegacyContract } from './writeLegacyContract.ts'

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
  const create = async <name extends DeployedContractName>(
    name: name,
    args: ContractConstructorArgs<(typeof abis)[name]>,
  ): Promise<Address> => {
    const receipt = await confirm(`deploy ${name}`, () =>
      deployContract(
        client,
        toLegacyRequest({ abi: abis[name], bytecode: bytecodes[name], args, account: client.account }),
      ),
    )
    if (!receipt.contractAddress) throw new DeployFailedError({ step: `deploy ${name}` })
    return receipt.contractAddress
  }
  const call = <
    const abi extends Abi,
    functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
    args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
  >(
    step: string,
    parameters: WriteLegacyContractParameters<abi, functionName, args>,
  ) => confirm(step, () => writeLegacyContract(client, parameters))

  const fiat = await create('FiatStablecoinFactory', [
    roles.admin,
    roles.treasurySigner,
    roles.reconciler,
    roles.reviewer,
  ])
  // the deployer creates the tokens and wires them, so it needs the admin role at deploy time
  const createStablecoin = async (name: string, symbol: string) => {
    await call(`create ${symbol}`, {
      address: fiat,
      abi: abis.FiatStablecoinFactory,
      functionName: 'createStablecoin',
      args: [name, symbol],
    })
    return readContract(client, {
      address: fiat,
      abi: abis.FiatStablecoinFactory,
      functionName: 'tokenBySymbol',
      args: [symbol],
    })
  }
  const fiatTokens = {
    'USD.s': await createStablecoin('SPACE OS USD', 'USD.s'),
    'EUR.s': await createStablecoin('SPACE OS EUR', 'EUR.s'),
    'GBP.s': await createStablecoin('SPACE OS GBP', 'GBP.s'),
  }

  const bridge = await create('BridgeTokenFactory', [roles.admin, roles.bridgeAuthority])
  const createBridgedToken = async (name: string, symbol: string) => {
    await call(`create ${symbol}`, {
      address: bridge,
      abi: abis.BridgeTokenFactory,
      functionName: 'createToken',
      args: [name, symbol, LEGACY_STABLE_EVM_DECIMALS],
    })
    return readContract(client, {
      address: bridge,
      abi: abis.BridgeTokenFactory,
      functionName: 'tokenBySymbol',
      args: [symbol],
    })
  }
  const tokens = {
    ...fiatTokens,
    'USDT.s': await createBridgedToken('Bridged Tether', 'USDT.s'),
    'USDC.s': await createBridgedToken('Bridged USD Coin', 'USDC.s'),
  }
  // §8.1: native USD/EUR/GBP reach the EVM through BridgeTokenFactory.mint, so the bridge may mint the fiat coins
  for (const [symbol, token] of Object.entries(fiatTokens)) {
    await call(`allow bridge to mint ${symbol}`, {
      address: fiat,
      abi: abis.FiatStablecoinFactory,
      functionName: 'setBridgeMinter',
      args: [token, bridge, true],
    })
    await call(`register ${symbol} for bridging`, {
      address: bridge,
      abi: abis.BridgeTokenFactory,
      functionName: 'registerToken',
      args: [token],
    })
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

  const { fundFaucet, fundStakingRewards } = options
  if (fundFaucet) {
    await confirm('fund SpaceFaucet', () =>
      sendTransaction(client, toLegacyRequest({ to: faucet, value: fundFaucet, account: client.account })),
    )
  }
  if (fundStakingRewards) {
    await call('fund SpaceStaking rewards', {
      address: staking,
      abi: abis.SpaceStaking,
      functionName: 'fundRewards',
      value: fundStakingRewards,
    })
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
    const adminRole = zeroHash
    for (const [name, address] of Object.entries(contracts)) {
      // every deployed contract is an OpenZeppelin AccessControl; SpaceVault's ABI stands for the shared role functions
      const abi = abis.SpaceVault
      await call(`grant admin of ${name}`, { address, abi, functionName: 'grantRole', args: [adminRole, finalAdmin] })
      await call(`renounce admin of ${name}`, {
        address,
        abi,
        functionName: 'renounceRole',
        args: [adminRole, deployer],
      })
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

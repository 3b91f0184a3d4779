import {
  EVM_CHAIN_ID,
  EVM_GAS_PRICE_WEI,
  INSURANCE_MIN_TIMEOUT_S,
  PROVIDER_BOND_WEI,
} from '@spaceos/generated/parameters'
import { type Hash, keccak256, parseEther, parseEventLogs, stringToHex, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type AddressBook,
  abis,
  approveToken,
  attestReserves,
  borrowFromVault,
  bridgeSpaceToNative,
  bridgeToNative,
  ContractRevertError,
  createInsurancePolicy,
  createRwaToken,
  DeployFailedError,
  deploy,
  depositForInference,
  depositToVault,
  dripFaucet,
  getSpaceosContracts,
  getVaultPosition,
  mintBridgedToken,
  mintStablecoin,
  postProviderBond,
  proveLife,
  quoteInference,
  redeemStablecoin,
  repayVault,
  requestUnstake,
  reviewWithdrawal,
  setKycIdentity,
  settleUsage,
  stakeSpace,
  TypedTransactionError,
  toContractRevertError,
  toEvmUnits,
  withdrawFromVault,
} from '../src/index.ts'
import { testClients } from './clients.ts'

const { publicClient, wallet } = testClients()
const id = (text: string) => keccak256(stringToHex(text))
/** Every transaction hash a write helper produced; the last test checks each is a legacy transaction. */
const sent: { helper: string; hash: Hash }[] = []
const track = <result extends { hash: Hash }>(helper: string, result: result) => {
  sent.push({ helper, hash: result.hash })
  return result
}

let book: AddressBook
let admin: Awaited<ReturnType<typeof wallet>>
let user: Awaited<ReturnType<typeof wallet>>

beforeAll(async () => {
  admin = await wallet()
  user = await wallet()
  book = await deploy(admin, { fundFaucet: parseEther('1000') })
}, 180_000)

describe('deploy', () => {
  it('deploys the whole set with code at every address and roles wired', async () => {
    expect(book.chainId).toBe(EVM_CHAIN_ID)
    for (const address of [...Object.values(book.contracts), ...Object.values(book.tokens)]) {
      expect((await publicClient.getCode({ address }))?.length ?? 0).toBeGreaterThan(2)
    }
    const contracts = getSpaceosContracts(publicClient, book)
    const authority = await contracts.BridgeTokenFactory.read.BRIDGE_AUTHORITY_ROLE()
    expect(await contracts.BridgeTokenFactory.read.hasRole([authority, admin.account.address])).toBe(true)
    expect(await contracts.token(book.tokens['USDT.s']).read.decimals()).toBe(6)
    expect(await contracts.token(book.tokens['USD.s']).read.decimals()).toBe(18)
    expect(await contracts.SpaceVault.read.isSupportedAsset([book.tokens['USDC.s']])).toBe(true)
    expect(await publicClient.getBalance({ address: book.contracts.SpaceFaucet })).toBe(parseEther('1000'))
  })

  it('hands the admin role to a separate governance account and keeps none for the deployer', async () => {
    const deployer = await wallet()
    const governance = await wallet()
    const other = await deploy(deployer, {
      roles: { admin: governance.account.address },
      fundStakingRewards: parseEther('5'),
    })
    expect(await publicClient.getBalance({ address: other.contracts.SpaceStaking })).toBe(parseEther('5'))
    const vault = getSpaceosContracts(publicClient, other).SpaceVault
    const adminRole = await vault.read.DEFAULT_ADMIN_ROLE()
    expect(await vault.read.hasRole([adminRole, governance.account.address])).toBe(true)
    expect(await vault.read.hasRole([adminRole, deployer.account.address])).toBe(false)
    expect(other.roles.admin).toBe(governance.account.address)
  }, 180_000)

  it('reports the failing step with a typed error', async () => {
    const broke = await wallet(parseEther('0.01'))
    await expect(deploy(broke)).rejects.toBeInstanceOf(DeployFailedError)
  })
})

// [NP-EVM-021] [NP-EVM-022]
describe('vault', () => {
  it('lends the same asset up to 95% LTV with the 0.5% origination fee, then repays and withdraws', async () => {
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    const amount = toEvmUnits(1_000_0000n, 'USD') // 1,000.0000 USD → 1000 USD.s
    track(
      'mintBridgedToken',
      await mintBridgedToken(admin, {
        factory: book.contracts.BridgeTokenFactory,
        token: usd,
        to: user.account.address,
        amount,
        depositId: id('vault-deposit'),
      }),
    )
    track('depositToVault', await depositToVault(user, { vault, asset: usd, amount }))
    const before = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(before.maxBorrow).toBe((amount * 95n) / 100n)

    const tooMuch = before.maxBorrow + 1n
    const error = await borrowFromVault(user, { vault, asset: usd, amount: tooMuch }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractRevertError)
    expect((error as ContractRevertError).errorName).toBe('VaultBorrowExceedsLtv')
    expect((error as ContractRevertError).args).toEqual([tooMuch, before.maxBorrow])

    const borrow = parseEther('500')
    const { receipt } = track('borrowFromVault', await borrowFromVault(user, { vault, asset: usd, amount: borrow }))
    const [borrowed] = parseEventLogs({ abi: abis.SpaceVault, eventName: 'Borrowed', logs: receipt.logs })
    expect(borrowed?.args.fee).toBe((borrow * 50n) / 10_000n)
    const token = getSpaceosContracts(publicClient, book).token(usd)
    expect(await token.read.balanceOf([user.account.address])).toBe(borrow - (borrow * 50n) / 10_000n)
    expect(await token.read.balanceOf([book.roles.feeRecipient])).toBe((borrow * 50n) / 10_000n)

    const after = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(after.position.debt).toBe(borrow)
    track('repayVault', await repayVault(user, { vault, asset: usd, amount: parseEther('400') }))
    track('withdrawFromVault', await withdrawFromVault(user, { vault, asset: usd, amount: parseEther('100') }))
    const end = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(end.position.debt).toBe(parseEther('100'))
    expect(end.position.deposit).toBe(amount - parseEther('100'))
  })
})

// [NP-BRDG-020] [NP-BRDG-021] [NP-BRDG-022] [NP-EVM-023] [NP-EVM-032]
describe('bridge', () => {
  it('round-trips USDT: minted by the bridge authority, burned by bridgeToNative with the §8.1 message', async () => {
    const usdt = book.tokens['USDT.s']
    const factory = book.contracts.BridgeTokenFactory
    const contracts = getSpaceosContracts(publicClient, book)
    const amount = toEvmUnits(25_0000n, 'USDT') // 25.0000 USDT → 25 USDT.s (6 decimals)
    expect(amount).toBe(25_000_000n)
    track(
      'mintBridgedToken',
      await mintBridgedToken(admin, {
        factory,
        token: usdt,
        to: user.account.address,
        amount,
        depositId: id('usdt-deposit-1'),
      }),
    )
    const replay = await mintBridgedToken(admin, {
      factory,
      token: usdt,
      to: user.account.address,
      amount,
      depositId: id('usdt-deposit-1'),
    }).catch((e: unknown) => e)
    expect((replay as ContractRevertError).errorName).toBe('DepositAlreadyProcessed')
    const stranger = await mintBridgedToken(user, {
      factory,
      token: usdt,
      to: user.account.address,
      amount,
      depositId: id('usdt-deposit-2'),
    }).catch((e: unknown) => e)
    expect((stranger as ContractRevertError).errorName).toBe('AccessControlUnauthorized')

    const { event } = track(
      'bridgeToNative',
      await bridgeToNative(user, {
        factory,
        token: usdt,
        amount: 2_500_000n,
        nativeAccount: 'alice.space',
      }),
    )
    expect(event.nativeAccount).toBe('alice.space')
    expect(event.symbol).toBe('USDT') // the native symbol the relayer releases
    expect(event.messageId).toMatch(/^0x[0-9a-f]{64}$/)
    expect(event.amount).toBe(2_500_000n)
    expect(event.amountNative).toBe(25_000n) // 2.5000 USDT on the native chain
    expect(await contracts.token(usdt).read.balanceOf([user.account.address])).toBe(amount - 2_500_000n)
    expect(await contracts.BridgeTokenFactory.read.bridgedSupply([usdt])).toBe(amount - 2_500_000n)

    const dust = await bridgeToNative(user, { factory, token: usdt, amount: 1n, nativeAccount: 'alice' }).catch(
      (e: unknown) => e,
    )
    expect((dust as ContractRevertError).errorName).toBe('AmountNotNativeExact')
  })

  it('sends native SPACE back to the native chain in whole native units', async () => {
    const { event } = track(
      'bridgeSpaceToNative',
      await bridgeSpaceToNative(user, {
        nativeBridge: book.contracts.NativeBridge,
        value: parseEther('1.5'),
        nativeAccount: 'alice',
      }),
    )
    expect(event.amountNative).toBe(15_000n)
    expect(event.nativeAccount).toBe('alice')
  })
})

// [NP-EVM-032] role-gated settler
describe('settlement', () => {
  it('splits a usage charge 60/20/10/10 with the fee and burn to the treasury side', async () => {
    const usd = book.tokens['USD.s']
    const settlement = book.contracts.InferenceSettlement
    const contracts = getSpaceosContracts(publicClient, book)
    const [provider, modelOwner] = [await wallet(0n), await wallet(0n)]
    track(
      'mintBridgedToken',
      await mintBridgedToken(admin, {
        factory: book.contracts.BridgeTokenFactory,
        token: usd,
        to: user.account.address,
        amount: parseEther('10'),
        depositId: id('settlement-usd'),
      }),
    )
    track('depositForInference', await depositForInference(user, { settlement, asset: usd, amount: parseEther('10') }))
    const price = parseEther('1')
    const split = await quoteInference(publicClient, { settlement, price })
    expect(split.charge).toBe(price + price / 100n)
    expect(split.provider + split.modelOwner + split.oracles + split.treasury + split.burn).toBe(split.charge)

    const record = {
      receiptId: id('receipt-1'),
      payer: user.account.address,
      asset: usd,
      price,
      provider: provider.account.address,
      modelOwner: modelOwner.account.address,
    }
    const { events } = track('settleUsage', await settleUsage(admin, { settlement, records: [record] }))
    expect(events).toHaveLength(1)
    const balance = (who: `0x${string}`) => contracts.InferenceSettlement.read.balanceOf([who, usd])
    expect(await balance(user.account.address)).toBe(parseEther('10') - split.charge)
    expect(await balance(provider.account.address)).toBe((price * 60n) / 100n)
    expect(await balance(modelOwner.account.address)).toBe((price * 20n) / 100n)
    expect(await contracts.InferenceSettlement.read.totalBurned([usd])).toBe(split.burn)

    const replay = await settleUsage(admin, { settlement, records: [record] }).catch((e: unknown) => e)
    expect((replay as ContractRevertError).errorName).toBe('ReceiptAlreadySettled')
    const notSettler = await settleUsage(user, { settlement, records: [{ ...record, receiptId: id('r2') }] }).catch(
      (e: unknown) => e,
    )
    expect((notSettler as ContractRevertError).errorName).toBe('AccessControlUnauthorized')
  })

  it('settles in native SPACE too', async () => {
    const settlement = book.contracts.InferenceSettlement
    track('depositForInference', await depositForInference(user, { settlement, amount: parseEther('2') }))
    const { events } = track(
      'settleUsage',
      await settleUsage(admin, {
        settlement,
        records: [
          {
            receiptId: id('receipt-native'),
            payer: user.account.address,
            asset: zeroAddress,
            price: parseEther('1'),
            provider: admin.account.address,
            modelOwner: admin.account.address,
          },
        ],
      }),
    )
    expect(events[0]?.split.burn).toBeGreaterThan(0n)
  })
})

// [NP-EVM-028]
describe('staking, faucet and provider bond', () => {
  it('drips, stakes and posts a device bond', async () => {
    const fresh = await wallet(parseEther('1'))
    const before = await publicClient.getBalance({ address: fresh.account.address })
    const drip = track('dripFaucet', await dripFaucet(fresh, { faucet: book.contracts.SpaceFaucet }))
    const gas = drip.receipt.gasUsed * drip.receipt.effectiveGasPrice
    expect(await publicClient.getBalance({ address: fresh.account.address })).toBe(before + parseEther('100') - gas)
    const again = await dripFaucet(fresh, { faucet: book.contracts.SpaceFaucet }).catch((e: unknown) => e)
    expect((again as ContractRevertError).errorName).toBe('FaucetCooldown')

    track('stakeSpace', await stakeSpace(user, { staking: book.contracts.SpaceStaking, value: parseEther('10') }))
    track(
      'requestUnstake',
      await requestUnstake(user, { staking: book.contracts.SpaceStaking, amount: parseEther('4') }),
    )
    track(
      'postProviderBond',
      await postProviderBond(user, { bond: book.contracts.SpaceProviderBond, deviceId: id('gpu-1') }),
    )
    const contracts = getSpaceosContracts(publicClient, book)
    expect(await publicClient.getBalance({ address: book.contracts.SpaceProviderBond })).toBe(PROVIDER_BOND_WEI)
    expect(contracts.SpaceProviderBond.address).toBe(book.contracts.SpaceProviderBond)
  })
})

// [NP-EVM-024] [NP-EVM-025] [NP-EVM-027] [NP-EVM-030]
describe('fiat, identity, insurance and RWA', () => {
  it('mints fiat stablecoins idempotently and pauses minting after a reserve deficit above 1%', async () => {
    const factory = book.contracts.FiatStablecoinFactory
    const gbp = book.tokens['GBP.s']
    const key = id('wire-1')
    track(
      'mintStablecoin',
      await mintStablecoin(admin, {
        factory,
        token: gbp,
        to: user.account.address,
        amount: parseEther('100'),
        idempotencyKey: key,
      }),
    )
    const replay = await mintStablecoin(admin, {
      factory,
      token: gbp,
      to: user.account.address,
      amount: 1n,
      idempotencyKey: key,
    }).catch((e: unknown) => e)
    expect((replay as ContractRevertError).errorName).toBe('IdempotencyKeyUsed')
    const { event } = track(
      'attestReserves',
      await attestReserves(admin, { factory, token: gbp, reserves: parseEther('98'), reportHash: id('report-1') }),
    )
    expect(event.mintPaused).toBe(true)
    expect(event.deficit).toBe(parseEther('2'))
    const paused = await mintStablecoin(admin, {
      factory,
      token: gbp,
      to: user.account.address,
      amount: 1n,
      idempotencyKey: id('wire-2'),
    }).catch((e: unknown) => e)
    expect((paused as ContractRevertError).errorName).toBe('MintingPaused')
  })

  // [NP-EVM-026]
  it('redeems within the treasury limits at once and queues a larger redemption for review', async () => {
    const factory = book.contracts.FiatStablecoinFactory
    const eur = book.tokens['EUR.s']
    const holder = await wallet()
    track(
      'mintStablecoin',
      await mintStablecoin(admin, {
        factory,
        token: eur,
        to: holder.account.address,
        amount: parseEther('1000'),
        idempotencyKey: id('eur-in'),
      }),
    )
    track('approveToken', (await approveToken(holder, { token: eur, spender: factory, amount: parseEther('1000') }))!)
    const small = track(
      'redeemStablecoin',
      await redeemStablecoin(admin, {
        factory,
        token: eur,
        account: holder.account.address,
        amount: parseEther('100'),
        idempotencyKey: id('eur-out-1'),
      }),
    )
    expect(small.queuedId).toBe(0n)
    const large = track(
      'redeemStablecoin',
      await redeemStablecoin(admin, {
        factory,
        token: eur,
        account: holder.account.address,
        amount: parseEther('600'),
        idempotencyKey: id('eur-out-2'),
      }),
    )
    expect(large.queuedId).toBeGreaterThan(0n)
    const token = getSpaceosContracts(publicClient, book).token(eur)
    expect(await token.read.balanceOf([holder.account.address])).toBe(parseEther('300'))
    track('reviewWithdrawal', await reviewWithdrawal(admin, { factory, id: large.queuedId, approve: false }))
    expect(await token.read.balanceOf([holder.account.address])).toBe(parseEther('900'))
  })

  it('restricts RWA tokens to verified investors', async () => {
    const registry = book.contracts.SpaceIdentityRegistry
    const investor = await wallet()
    const expiresAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400)
    for (const account of [user.account.address, investor.account.address]) {
      track(
        'setKycIdentity',
        await setKycIdentity(admin, { registry, account, level: 'Accredited', country: 'VG', expiresAt }),
      )
    }
    const { token } = track(
      'createRwaToken',
      await createRwaToken(admin, {
        factory: book.contracts.SpaceRWAFactory,
        name: 'Villa Tortola',
        symbol: 'VILLA',
        assetClass: 'RealEstate',
        dividendToken: book.tokens['USD.s'],
        admin: admin.account.address,
        transferAgent: admin.account.address,
      }),
    )
    // any function of any contract, typed from the generated ABI, still through the legacy-only wallet client
    const asAdmin = getSpaceosContracts({ public: publicClient, wallet: admin }, book)
    const mint = await asAdmin.rwaToken(token).write.mint([user.account.address, parseEther('10')])
    await publicClient.waitForTransactionReceipt({ hash: mint })
    sent.push({ helper: 'getSpaceosContracts.write', hash: mint })
    const asUser = getSpaceosContracts({ public: publicClient, wallet: user }, book)
    await publicClient.waitForTransactionReceipt({
      hash: await asUser.rwaToken(token).write.transfer([investor.account.address, parseEther('1')]),
    })
    expect(await asUser.rwaToken(token).read.balanceOf([investor.account.address])).toBe(parseEther('1'))
    const stranger = await asUser
      .rwaToken(token)
      .write.transfer([admin.account.address, 1n])
      .catch((e: unknown) => toContractRevertError(e))
    expect((stranger as ContractRevertError).errorName).toBe('RWANotVerified')
  })

  it('creates an insurance policy with a proof of life', async () => {
    const owner = await wallet()
    const guardians = await Promise.all([wallet(0n), wallet(0n), wallet(0n)])
    const { id: policy } = track(
      'createInsurancePolicy',
      await createInsurancePolicy(owner, {
        insurance: book.contracts.SpaceInsurance,
        beneficiary: user.account.address,
        timeout: BigInt(INSURANCE_MIN_TIMEOUT_S),
        guardians: guardians.map((g) => g.account.address),
        assets: [],
      }),
    )
    expect(policy).toBeGreaterThan(0n)
    track('proveLife', await proveLife(owner, { insurance: book.contracts.SpaceInsurance }))
    const tooShort = await createInsurancePolicy(user, {
      insurance: book.contracts.SpaceInsurance,
      beneficiary: owner.account.address,
      timeout: BigInt(INSURANCE_MIN_TIMEOUT_S - 1),
      guardians: guardians.map((g) => g.account.address),
      assets: [],
    }).catch((e: unknown) => e)
    expect(tooShort).toBeInstanceOf(ContractRevertError)
  })
})

// [NP-EVM-002] [NP-EVM-006]
describe('legacy transactions only', () => {
  it('refuses a typed (EIP-1559) request before anything is signed', async () => {
    await expect(
      user.sendTransaction({ to: admin.account.address, value: 1n, maxFeePerGas: EVM_GAS_PRICE_WEI }),
    ).rejects.toBeInstanceOf(TypedTransactionError)
    await expect(
      user.sendTransaction({ to: admin.account.address, value: 1n, type: 'eip1559' }),
    ).rejects.toBeInstanceOf(TypedTransactionError)
  })

  it('sent every write helper transaction as a signed legacy (type 0) transaction at 150 gwei', async () => {
    const helpers = new Set(sent.map((s) => s.helper))
    expect([...helpers].sort()).toEqual([
      'approveToken',
      'attestReserves',
      'borrowFromVault',
      'bridgeSpaceToNative',
      'bridgeToNative',
      'createInsurancePolicy',
      'createRwaToken',
      'depositForInference',
      'depositToVault',
      'dripFaucet',
      'getSpaceosContracts.write',
      'mintBridgedToken',
      'mintStablecoin',
      'postProviderBond',
      'proveLife',
      'redeemStablecoin',
      'repayVault',
      'requestUnstake',
      'reviewWithdrawal',
      'setKycIdentity',
      'settleUsage',
      'stakeSpace',
      'withdrawFromVault',
    ])
    // plain transfers and deploys of the wallet client too
    const transfer = await user.sendTransaction({ to: admin.account.address, value: 1n })
    sent.push({ helper: 'sendTransaction', hash: transfer })
    for (const { helper, hash } of sent) {
      const raw = await publicClient.request({
        method: 'eth_getRawTransactionByHash' as never,
        params: [hash] as never,
      })
      // an EIP-2718 typed transaction starts with its type byte (0x01–0x04); a legacy one is an RLP list (≥ 0xc0)
      expect(Number.parseInt(String(raw).slice(2, 4), 16), helper).toBeGreaterThanOrEqual(0xc0)
      const tx = await publicClient.getTransaction({ hash })
      expect(tx.type, helper).toBe('legacy')
      expect(tx.gasPrice, helper).toBe(EVM_GAS_PRICE_WEI)
      expect(tx.chainId, helper).toBe(EVM_CHAIN_ID) // EIP-155 replay protection
    }
  })

  it('left only legacy transactions on the chain, deployments included', async () => {
    const latest = await publicClient.getBlockNumber()
    let count = 0
    for (let number = 0n; number <= latest; number++) {
      const block = await publicClient.getBlock({ blockNumber: number, includeTransactions: true })
      for (const tx of block.transactions) {
        expect(tx.type, tx.hash).toBe('legacy')
        count++
      }
    }
    expect(count).toBeGreaterThan(sent.length)
  })
})

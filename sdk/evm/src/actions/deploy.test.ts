import { EVM_CHAIN_ID } from '@spaceos/generated/parameters'
import { type Address, isAddressEqual, parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../test/fixtures.ts'
import { abis, DeployFailedError, deploy, getSpaceosContracts } from '../index.ts'

describe('deploy', () => {
  it('deploys the whole set with code at every address and roles wired', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, admin } = deployment
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

  // [NP-EVM-002] [NP-EVM-006]
  it('sends every deployment transaction as a legacy transaction at 150 gwei', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, admin } = deployment
    const latest = await publicClient.getBlockNumber()
    let count = 0
    for (let number = BigInt(book.startBlock); number <= latest; number++) {
      const block = await publicClient.getBlock({ blockNumber: number, includeTransactions: true })
      for (const tx of block.transactions) {
        if (!isAddressEqual(tx.from, admin.account.address)) continue
        await expectLegacyTransaction(publicClient, tx.hash, `deploy (${tx.hash})`)
        count++
      }
    }
    // the deployer sent nothing else, so every one of its transactions was seen
    expect(count).toBe(await publicClient.getTransactionCount({ address: admin.account.address }))
  })

  it('hands the admin role to a separate governance account and keeps none for the deployer', async ({ clients }) => {
    const { publicClient, wallet } = clients
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
    // every contract, not only the vault: they share OpenZeppelin AccessControl's hasRole
    for (const address of Object.values(other.contracts)) {
      const hasRole = (account: Address) =>
        publicClient.readContract({
          address,
          abi: abis.SpaceVault,
          functionName: 'hasRole',
          args: [adminRole, account],
        })
      expect(await hasRole(governance.account.address), address).toBe(true)
      expect(await hasRole(deployer.account.address), address).toBe(false)
    }
    expect(other.roles.admin).toBe(governance.account.address)
  }, 180_000)

  it('reports the failing step with a typed error', async ({ clients }) => {
    const broke = await clients.wallet(parseEther('0.01'))
    await expect(deploy(broke)).rejects.toBeInstanceOf(DeployFailedError)
  })
})

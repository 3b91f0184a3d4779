import { abis, postProviderBond } from '@spaceos/evm'
import { ACCOUNT_PROVIDERS, DOWNTIME_SLASH_BPS, EPOCH_LENGTH_S, PROVIDER_BOND_WEI } from '@spaceos/generated/parameters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_RELAYER, deviceIdOf, RelayerCrashError, verdictIdOf } from '../src/index.ts'
import { type BridgeDevnet, failure, startBridgeDevnet } from './bridgeHelpers.ts'

let t: BridgeDevnet

beforeAll(async () => {
  t = await startBridgeDevnet()
})
afterAll(async () => {
  await t?.stop()
})

type Verdict = { id: number; kind: number; device: string; relayed: number | boolean; evm_ref: string }
const verdicts = () => t.native.rows<Verdict>(ACCOUNT_PROVIDERS, 'verdicts')

/** Registers `device` for alice with one heartbeat, lets two epochs pass and records its downtime verdict. */
const downtimeVerdict = async (device: string) => {
  const alice = { actor: 'alice' }
  if ((await t.native.rows<{ owner: string }>(ACCOUNT_PROVIDERS, 'providers')).every((p) => p.owner !== 'alice')) {
    await t.native.push([{ account: ACCOUNT_PROVIDERS, name: 'regprovider', ...alice, data: { owner: 'alice' } }])
  }
  await t.native.push([
    {
      account: ACCOUNT_PROVIDERS,
      name: 'gpuheartbeat',
      ...alice,
      data: {
        owner: 'alice',
        device,
        gpu_model: 'RTX 4090',
        vram_mb: 24576,
        cuda_cores: 16384,
        tflops_milli: 82000,
        models: [{ model: 'llama-3-8b', price: '0.2000 USD' }],
        endpoint: 'https://gpu.example',
        region: 'eu',
      },
    },
  ])
  const row = (await t.native.rows<{ device: string; beat_epoch: number }>(ACCOUNT_PROVIDERS, 'gpuresource')).find(
    (d) => d.device === device,
  )
  const res = await fetch(`${t.devnet.antelope.url}/v1/devnet/time`, {
    method: 'POST',
    body: JSON.stringify({ seconds: 2 * EPOCH_LENGTH_S }),
  })
  expect(res.status).toBe(200)
  await t.native.push([
    {
      account: ACCOUNT_PROVIDERS,
      name: 'gpudowntime',
      ...alice,
      data: { device, epoch: Number(row?.beat_epoch) },
    },
  ])
  const verdict = (await verdicts()).find((v) => v.device === device && Number(v.kind) === 1)
  if (!verdict) throw new Error('no downtime verdict recorded')
  expect(verdict.relayed).toBeFalsy()
  return verdict
}

describe('downtime verdicts reach SpaceProviderBond once [NP-BRDG-004] [NP-PROV-031] [NP-PROV-032] [NP-PROV-037]', () => {
  it('slashes the bond once and acknowledges the verdict natively, across a relayer crash', async () => {
    const owner = t.newEvmAccount()
    await t.toEvm(owner.address, '101.0000 SPACE')
    await t.relay()
    const deviceId = deviceIdOf('gpu1')
    const bond = t.book.contracts.SpaceProviderBond
    await postProviderBond(owner.wallet, { bond, deviceId })
    const verdict = await downtimeVerdict('gpu1')
    const treasury = await t.evm.getBalance({ address: t.book.roles.treasury })

    await t.restartRelayer('evm-tx:sent') // dies after applying on the EVM, before verdictack
    await expect(t.relay()).rejects.toBeInstanceOf(RelayerCrashError)
    await t.restartRelayer()
    await t.relay()
    await t.relay()

    const slashed = (PROVIDER_BOND_WEI * BigInt(DOWNTIME_SLASH_BPS)) / 10_000n
    expect(
      await t.evm.readContract({
        address: bond,
        abi: abis.SpaceProviderBond,
        functionName: 'bondOf',
        args: [deviceId],
      }),
    ).toBe(PROVIDER_BOND_WEI - slashed)
    expect(await t.evm.readContract({ address: bond, abi: abis.SpaceProviderBond, functionName: 'totalSlashed' })).toBe(
      slashed,
    )
    expect(await t.evm.getBalance({ address: t.book.roles.treasury })).toBe(treasury + slashed)
    expect(
      await t.evm.readContract({
        address: bond,
        abi: abis.SpaceProviderBond,
        functionName: 'verdictApplied',
        args: [verdictIdOf(verdict.id)],
      }),
    ).toBe(true)
    const acked = (await verdicts()).find((v) => v.id === verdict.id)
    expect(acked?.relayed).toBeTruthy()
    expect(acked?.evm_ref).toMatch(/^0x[0-9a-f]{64}$/)
    const receipt = await t.evm.getTransactionReceipt({ hash: acked?.evm_ref as `0x${string}` })
    expect(receipt.to?.toLowerCase()).toBe(bond.toLowerCase())
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })

  it('acknowledges a verdict against a device without a bond, slashing nothing', async () => {
    const verdict = await downtimeVerdict('gpu2')
    await t.relay()
    const acked = (await verdicts()).find((v) => v.id === verdict.id)
    expect(acked).toMatchObject({ evm_ref: 'no-bond' })
    expect(acked?.relayed).toBeTruthy()
  })

  it('accepts verdictack only from the relayer [NP-PROV-032]', async () => {
    const verdict = await downtimeVerdict('gpu3')
    const message = await failure(
      t.native.push([
        {
          account: ACCOUNT_PROVIDERS,
          name: 'verdictack',
          actor: 'alice',
          data: { id: verdict.id, evm_ref: '0xforged' },
        },
      ]),
    )
    expect(message).toMatch(new RegExp(`missing required authority|${ACCOUNT_RELAYER}`))
    await t.relay()
    expect((await verdicts()).find((v) => v.id === verdict.id)?.evm_ref).toBe('no-bond')
  })
})

/**
 * Set-up for the spaceos.prov tests: token at genesis, the provider contract with its permissions
 * (`eosio@active` and `spaceos.rwds@active` include `spaceos.prov@eosio.code`), funded wallets and heartbeat helpers.
 */

import type { Account, Blockchain } from '@proton/vert'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_DAO,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TREASURY,
  EPOCH_LENGTH_S,
  GPU_HEARTBEAT_INTERVAL_S,
} from '@spaceos/generated/parameters'
import { genesisToken, space } from './fixtures.ts'
import { createChain, deploy, grantCode, now, send } from './vert.ts'

export interface ProvChain {
  bc: Blockchain
  token: Account
  prov: Account
}

/** A chain with eosio.token (SPACE at genesis), spaceos.prov, and alice/bob/carol holding 200,000 SPACE each. */
export async function provChain(): Promise<ProvChain> {
  const bc = createChain()
  bc.createAccounts(
    'alice',
    'bob',
    'carol',
    ACCOUNT_REWARDS,
    ACCOUNT_TREASURY,
    ACCOUNT_ORACLE,
    ACCOUNT_BRIDGE,
    ACCOUNT_DAO,
  )
  const token = await genesisToken(bc)
  const prov = deploy(bc, ACCOUNT_PROVIDERS)
  grantCode(bc, 'eosio', ACCOUNT_PROVIDERS)
  grantCode(bc, ACCOUNT_REWARDS, ACCOUNT_PROVIDERS)
  for (const who of ['alice', 'bob', 'carol']) {
    await send(token, 'transfer', { from: 'eosio', to: who, quantity: space(2_000_000_000), memo: '' }, 'eosio')
  }
  return { bc, token, prov }
}

/** Register `owner` and stake `units` SPACE units by a transfer with memo "stake". */
export async function registerAndStake(c: ProvChain, owner: string, units: number): Promise<void> {
  await send(c.prov, 'regprovider', { owner }, owner)
  if (units > 0) await stake(c, owner, units)
}

/** Stake by transfer. */
export function stake(c: ProvChain, owner: string, units: number, memo = 'stake') {
  return send(c.token, 'transfer', { from: owner, to: ACCOUNT_PROVIDERS, quantity: space(units), memo }, owner)
}

/** A valid gpuheartbeat payload; override any field. */
export function heartbeat(owner: string, device: string, overrides: Record<string, unknown> = {}) {
  return {
    owner,
    device,
    gpu_model: 'RTX 4090',
    vram_mb: 24576,
    cuda_cores: 16384,
    tflops_milli: 82600,
    models: [
      { model: 'llama-3.1-8b', price: '0.0500 USD' },
      { model: 'mistral-7b', price: '0.0400 USD' },
    ],
    endpoint: 'https://gpu.example.org/v1',
    region: 'eu-west',
    ...overrides,
  }
}

/** Send a heartbeat for `device`. */
export function beat(c: ProvChain, owner: string, device: string, overrides: Record<string, unknown> = {}) {
  return send(c.prov, 'gpuheartbeat', heartbeat(owner, device, overrides), owner)
}

/** The epoch number of the chain's current time. */
export function currentEpoch(bc: Blockchain): number {
  return Math.floor(now(bc) / EPOCH_LENGTH_S)
}

/** Unix time of the start of `epoch`. */
export function epochStart(epoch: number): number {
  return epoch * EPOCH_LENGTH_S
}

/** Heartbeat slots in one full epoch. */
export const SLOTS_PER_EPOCH = EPOCH_LENGTH_S / GPU_HEARTBEAT_INTERVAL_S

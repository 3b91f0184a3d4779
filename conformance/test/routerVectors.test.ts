import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Hex, hashTypedData, recoverTypedDataAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { buildRouterVectors, receiptTypes, renderRouterVector } from '../src/vectors/buildRouterVectors.ts'
import { repoRoot } from './helpers.ts'

const dir = join(repoRoot, 'spec', 'vectors', 'router')
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'))

describe('router vectors (spec/vectors/router)', () => {
  it('are committed exactly as conformance/scripts/make-router-vectors.ts builds them', async () => {
    const files = await buildRouterVectors()
    expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort())
    for (const file of files)
      expect(readFileSync(join(dir, file.name), 'utf8'), file.name).toBe(renderRouterVector(file.content))
  })

  it('hash the whole API key string [NP-ROUTER-014]', () => {
    const v = read('api-key-hash.json')
    expect(v.key).toMatch(/^sk-space-[A-Za-z0-9_-]{43}$/)
    expect(v.keyHashHex).toBe(createHash('sha256').update(Buffer.from(v.key, 'ascii')).digest('hex'))
  })

  it('give a receipt whose ID is its EIP-712 digest and whose signature recovers to the signer [NP-GPU-040]', async () => {
    const { domain, json } = read('receipt.json')
    const message = {
      requestId: json.request_id as Hex,
      router: json.router as Hex,
      device: json.device,
      model: json.model,
      promptTokens: BigInt(json.prompt_tokens),
      completionTokens: BigInt(json.completion_tokens),
      unitPrice: BigInt(json.unit_price),
      servedAt: BigInt(json.served_at),
      outcome: json.outcome === 'complete' ? 0 : 1,
    }
    const typed = { domain, types: receiptTypes, primaryType: 'Receipt', message } as const
    expect(hashTypedData(typed)).toBe(json.receipt_id)
    const recovered = await recoverTypedDataAddress({ ...typed, signature: json.signature })
    expect(recovered.toLowerCase()).toBe(json.signer)
    // A changed token count is another receipt: the signature no longer recovers to the signer.
    const tampered = await recoverTypedDataAddress({
      ...typed,
      message: { ...message, completionTokens: message.completionTokens + 1n },
      signature: json.signature,
    })
    expect(tampered.toLowerCase()).not.toBe(json.signer)
  })

  it('round P up and never below the posted price [NP-ECON-050]', () => {
    const { vectors } = read('price.json')
    const usd = vectors.find((v: { asset: string }) => v.asset === 'USD.s')
    // 52 tokens at 0.0500 USD per 1M tokens = 0.0000026 USD = 2.6e12 units of an 18-decimal token, exact.
    expect(usd.P).toBe('2600000000000')
    const dust = vectors.find((v: { tokens: string; asset: string }) => v.tokens === '1' && v.asset === 'USDC.s')
    expect(dust.P).toBe('1') // 1e-10 USD rounds up to one 6-decimal unit
    const space = vectors.find(
      (v: { rate?: string; tokens: string }) => v.rate === '100000000' && v.tokens === '1000000',
    )
    expect(space.P).toBe(String(10n ** 18n)) // 1 USD at 1 USD per SPACE = 1 SPACE
  })
})

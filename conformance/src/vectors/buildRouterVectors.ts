import { createHash } from 'node:crypto'
import {
  EVM_CHAIN_ID,
  ORACLE_USD_RATE_DECIMALS,
  PROTOCOL_FEE_BPS,
  ROUTER_PRICE_TOKEN_BASIS,
  SPACE_EVM_DECIMALS,
  STABLE_NATIVE_DECIMALS,
  USD_EVM_DECIMALS,
} from '@spaceos/generated/parameters'
import { type Hex, hashTypedData, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** The EIP-712 types of a usage receipt (spec/GPU_PROVIDER.md §5.1). */
export const receiptTypes = {
  Receipt: [
    { name: 'requestId', type: 'bytes32' },
    { name: 'router', type: 'address' },
    { name: 'device', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'promptTokens', type: 'uint64' },
    { name: 'completionTokens', type: 'uint64' },
    { name: 'unitPrice', type: 'uint64' },
    { name: 'servedAt', type: 'uint64' },
    { name: 'outcome', type: 'uint8' },
  ],
} as const

/** The EIP-712 domain of receipts and router requests on a network whose InferenceSettlement is `settlement`. */
export const receiptDomain = (settlement: Hex) =>
  ({ name: 'SpaceOS Inference Receipt', version: '1', chainId: EVM_CHAIN_ID, verifyingContract: settlement }) as const

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b

/**
 * `P` of spec/ECONOMICS.md §2.1 for `tokens` at posted price `price` (USD units, 4 decimals, per 1M tokens): in an
 * asset of `decimals` EVM decimals, or in SPACE wei at `rate` (USD per SPACE × 10^ORACLE_USD_RATE_DECIMALS).
 */
export function priceOf(tokens: bigint, price: bigint, asset: { decimals: number } | { rate: bigint }): bigint {
  const basis = BigInt(ROUTER_PRICE_TOKEN_BASIS)
  if ('decimals' in asset) {
    return ceilDiv(tokens * price * 10n ** BigInt(asset.decimals - STABLE_NATIVE_DECIMALS), basis)
  }
  const exponent = BigInt(SPACE_EVM_DECIMALS - STABLE_NATIVE_DECIMALS + ORACLE_USD_RATE_DECIMALS)
  return ceilDiv(tokens * price * 10n ** exponent, basis * asset.rate)
}

/** A TEST-ONLY secp256k1 key from a public seed string (SHA-256 of the string), like spec/vectors/dev-key.json. */
export const receiptSignerSeedString = 'SPACEOS-TEST-ONLY-RECEIPT-SIGNER-V1: public seed, never use for real data'

/**
 * The router vectors of spec/vectors/router/: the API key hash (NP-ROUTER-014), a signed receipt (NP-GPU-040) and
 * prices `P` (NP-ECON-050). Deterministic: every input is fixed.
 */
export async function buildRouterVectors(): Promise<{ name: string; content: unknown }[]> {
  const key = 'sk-space-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
  const apiKeyHash = {
    $comment:
      'TEST ONLY. key_hash = SHA-256 of the ASCII bytes of the whole key string, sk-space- included (NP-ROUTER-014).',
    key,
    keyHashHex: createHash('sha256').update(key, 'ascii').digest('hex'),
  }

  const privateKey = toHex(createHash('sha256').update(receiptSignerSeedString, 'utf8').digest())
  const signer = privateKeyToAccount(privateKey)
  const settlement: Hex = '0x5ace0500000000000000000000000000000005e7'
  const message = {
    requestId: keccak256(toHex('SPACEOS-TEST-ONLY request 1')),
    router: '0x5ace05000000000000000000000000000000beef',
    device: 'gpu.alice',
    model: 'llama-3.1-8b',
    promptTokens: 12n,
    completionTokens: 40n,
    unitPrice: 500n,
    servedAt: 1_767_225_600n,
    outcome: 0,
  } as const
  const typed = { domain: receiptDomain(settlement), types: receiptTypes, primaryType: 'Receipt', message } as const
  const receiptId = hashTypedData(typed)
  const signature = await signer.signTypedData(typed)
  const receipt = {
    $comment: `TEST ONLY. The signer key is SHA-256 of the public seed string "${receiptSignerSeedString}"; anyone can sign with it.`,
    signerPrivateKey: privateKey,
    domain: typed.domain,
    json: {
      version: 1,
      request_id: message.requestId,
      router: message.router,
      device: message.device,
      model: message.model,
      prompt_tokens: Number(message.promptTokens),
      completion_tokens: Number(message.completionTokens),
      unit_price: String(message.unitPrice),
      served_at: Number(message.servedAt),
      outcome: 'complete',
      receipt_id: receiptId,
      signer: signer.address.toLowerCase(),
      signature,
    },
  }

  const cases = [
    { tokens: 52n, price: 500n, asset: 'USD.s', decimals: USD_EVM_DECIMALS },
    { tokens: 1n, price: 1n, asset: 'USDC.s', decimals: 6 },
    { tokens: 1_000_000n, price: 1_500n, asset: 'USDC.s', decimals: 6 },
    { tokens: 3n, price: 7n, asset: 'SPACE', rate: 12_345_678n },
    { tokens: 1_000_000n, price: 10_000n, asset: 'SPACE', rate: 100_000_000n },
  ]
  const prices = {
    $comment:
      'P of spec/ECONOMICS.md §2.1: tokens × posted price (USD, 4 decimals, per 1M tokens), rounded up, in the asset; SPACE at rate = USD per SPACE × 10^8. charge = P + floor(P × PROTOCOL_FEE_BPS / 10000).',
    vectors: cases.map((c) => {
      const p =
        'rate' in c
          ? priceOf(c.tokens, c.price, { rate: c.rate as bigint })
          : priceOf(c.tokens, c.price, { decimals: c.decimals as number })
      return {
        tokens: String(c.tokens),
        unitPrice: String(c.price),
        asset: c.asset,
        ...('decimals' in c ? { decimals: c.decimals } : { rate: String(c.rate) }),
        P: String(p),
        charge: String(p + (p * BigInt(PROTOCOL_FEE_BPS)) / 10_000n),
      }
    }),
  }
  return [
    { name: 'api-key-hash.json', content: apiKeyHash },
    { name: 'receipt.json', content: receipt },
    { name: 'price.json', content: prices },
  ]
}

/** The committed text of a router vector file. */
export const renderRouterVector = (content: unknown) => `${JSON.stringify(content, null, 2)}\n`

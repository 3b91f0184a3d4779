import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { bytesToHex, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { activeKey, type KisRoute, policyDenied } from '../context.ts'
import { KisNodeError } from '../errors.ts'
import { parse, schemas } from '../requests.ts'

/** `POST /sign-evm`: a legacy transaction for chain `EVM_CHAIN_ID` at ≥ `EVM_GAS_PRICE_WEI`, signed [NP-KEY-022]. */
export const signEvm: KisRoute = {
  role: 'signer',
  async handle(context, body, caller, ctx) {
    const request = parse(schemas.signEvm, body)
    ctx.key_id = request.key_id
    const t = request.transaction
    // [NP-KEY-022] legacy (type 0) only, chain EVM_CHAIN_ID only, gas price ≥ EVM_GAS_PRICE_WEI
    if (t.type !== undefined && !['legacy', '0x0', '0x00', '0', 0].includes(t.type))
      throw policyDenied(`KIS signs legacy (type 0) transactions only, not type ${t.type}.`, 'transaction.type')
    if (t.max_fee_per_gas !== undefined || t.max_priority_fee_per_gas !== undefined || t.access_list !== undefined)
      throw policyDenied('KIS signs legacy (type 0) transactions only: no EIP-1559/2930 fields.', 'transaction.type')
    if (t.gas_price === undefined)
      throw new KisNodeError('INVALID_FIELD', {
        message: 'transaction.gas_price is required.',
        details: { field: 'transaction.gas_price' },
      })
    if (t.chain_id !== EVM_CHAIN_ID)
      throw policyDenied(`KIS signs for chain ${EVM_CHAIN_ID} only, not ${t.chain_id}.`, 'transaction.chain_id')
    const gasPrice = BigInt(t.gas_price)
    if (gasPrice < EVM_GAS_PRICE_WEI)
      throw policyDenied(`gas_price must be at least ${EVM_GAS_PRICE_WEI} wei.`, 'transaction.gas_price')
    activeKey(context, request.key_id, 'evm', caller)
    const raw = await context.store.withPrivateKey(request.key_id, (privateKey) =>
      privateKeyToAccount(bytesToHex(privateKey)).signTransaction({
        type: 'legacy',
        chainId: EVM_CHAIN_ID,
        nonce: t.nonce,
        gas: BigInt(t.gas),
        gasPrice,
        ...(t.to === undefined ? {} : { to: t.to as `0x${string}` }),
        ...(t.value === undefined ? {} : { value: BigInt(t.value) }),
        ...(t.data === undefined ? {} : { data: t.data as `0x${string}` }),
      }),
    )
    const hash = keccak256(raw)
    return { body: { raw_signed_tx: raw, hash }, audit: { transaction_hash: hash, nonce: t.nonce, to: t.to } }
  },
}

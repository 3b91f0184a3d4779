import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DeviceRecord, IdentityStore } from '../src/store/types.ts'

const account = '0x00000000000000000000000000000000000000aa'
const other = '0x00000000000000000000000000000000000000bb'

function device(id: string, owner = account): DeviceRecord {
  return {
    deviceId: id.padEnd(64, '0'),
    account: owner,
    signingPublicKey: `sig-${id}`,
    encryptionPublicKey: `enc-${id}`,
    displayName: `device ${id}`,
    platform: 1,
    createdAtMs: 1_000,
    revokedAtMs: null,
  }
}

/** The contract every {@link IdentityStore} passes; run against SQLite and PostgreSQL. */
export function describeStoreContract(name: string, open: () => Promise<IdentityStore>): void {
  describe(`${name} store contract`, () => {
    let store: IdentityStore
    beforeEach(async () => {
      store = await open()
    })
    afterEach(async () => {
      await store.close()
    })

    const nonce = {
      nonce: 'a'.repeat(32),
      address: account,
      message: 'm',
      issuedAtMs: 1_000,
      expiresAtMs: 301_000,
      signingPublicKey: null,
      encryptionPublicKey: null,
    }

    it('consumes a nonce exactly once [NP-AUTH-011]', async () => {
      await store.insertNonce(nonce)
      expect(await store.consumeNonce(nonce.nonce, 2_000)).toEqual(nonce)
      expect(await store.consumeNonce(nonce.nonce, 3_000)).toBeUndefined()
      expect(await store.consumeNonce('b'.repeat(32), 3_000)).toBeUndefined()
    })

    it('lets only one of many concurrent consumers of a nonce win [NP-AUTH-032]', async () => {
      await store.insertNonce(nonce)
      const results = await Promise.all(Array.from({ length: 8 }, () => store.consumeNonce(nonce.nonce, 2_000)))
      expect(results.filter((result) => result !== undefined)).toHaveLength(1)
    })

    it('registers a device under a login grant once [NP-AUTH-063]', async () => {
      const first = device('1')
      await store.insertLoginGrant({
        jti: 'j1',
        account,
        signingPublicKey: first.signingPublicKey,
        encryptionPublicKey: first.encryptionPublicKey,
      })
      const outcome = await store.registerDevice({
        device: first,
        grantJti: 'j1',
        requireNoActiveDevice: true,
        nowMs: 5,
      })
      expect(outcome).toEqual({ ok: true, device: first, revoked: [] })
      expect(await store.getDevice(first.deviceId)).toEqual(first)
      const again = await store.registerDevice({ device: device('2'), grantJti: 'j1', nowMs: 6 })
      expect(again).toEqual({ ok: false, reason: 'grant-missing' })
    })

    it('refuses a grant that names other keys and a grant used twice [NP-AUTH-060]', async () => {
      await store.insertLoginGrant({ jti: 'j2', account, signingPublicKey: 'sig-9', encryptionPublicKey: 'enc-9' })
      expect(await store.registerDevice({ device: device('8'), grantJti: 'j2', nowMs: 1 })).toEqual({
        ok: false,
        reason: 'grant-missing',
      })
      expect((await store.registerDevice({ device: device('9'), grantJti: 'j2', nowMs: 1 })).ok).toBe(true)
      await store.revokeDevice(device('9').deviceId, 2)
      expect(await store.registerDevice({ device: device('9'), grantJti: 'j2', nowMs: 3 })).toEqual({
        ok: false,
        reason: 'grant-used',
      })
    })

    it('lets only one of concurrent registrations of one grant win', async () => {
      await store.insertLoginGrant({ jti: 'j3', account, signingPublicKey: 'sig-3', encryptionPublicKey: 'enc-3' })
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store.registerDevice({ device: device('3'), grantJti: 'j3', nowMs: 1 })),
      )
      expect(results.filter((result) => result.ok)).toHaveLength(1)
    })

    it('refuses an Ed25519 key that is already registered, for any account [NP-AUTH-052]', async () => {
      expect((await store.registerDevice({ device: device('4'), nowMs: 1 })).ok).toBe(true)
      expect(await store.registerDevice({ device: { ...device('4', other) }, nowMs: 2 })).toEqual({
        ok: false,
        reason: 'key-registered',
      })
    })

    it('refuses a second first device unless recovering, and recovery revokes the others [NP-AUTH-061] [NP-AUTH-070]', async () => {
      await store.registerDevice({ device: device('5'), nowMs: 1 })
      expect(await store.registerDevice({ device: device('6'), requireNoActiveDevice: true, nowMs: 2 })).toEqual({
        ok: false,
        reason: 'active-device',
      })
      const recovered = await store.registerDevice({
        device: device('6'),
        requireNoActiveDevice: true,
        recover: true,
        nowMs: 3,
      })
      expect(recovered).toMatchObject({ ok: true, revoked: [device('5').deviceId] })
      expect((await store.listDevices(account, false)).map((d) => d.deviceId)).toEqual([device('6').deviceId])
      expect(await store.listDevices(account, true)).toHaveLength(2)
    })

    it('revokes a device permanently [NP-AUTH-084]', async () => {
      await store.registerDevice({ device: device('7'), nowMs: 1 })
      expect(await store.revokeDevice(device('7').deviceId, 10)).toBe(true)
      expect(await store.revokeDevice(device('7').deviceId, 11)).toBe(false)
      expect((await store.getDevice(device('7').deviceId))?.revokedAtMs).toBe(10)
      expect(await store.revokeDevice('f'.repeat(64), 11)).toBe(false)
    })

    it('counts rate-limit hits per key and window atomically', async () => {
      const counts = await Promise.all(Array.from({ length: 5 }, () => store.hitRateLimit('k', 3_600_000, 10)))
      expect([...counts].sort()).toEqual([1, 2, 3, 4, 5])
      expect(await store.hitRateLimit('k', 3_600_000, 3_600_001)).toBe(1)
      expect(await store.hitRateLimit('other', 3_600_000, 10)).toBe(1)
    })

    it('stores API keys by hash, lists, touches and revokes them per account', async () => {
      const key = {
        keyId: 'k1',
        account,
        name: 'ci',
        prefix: 'sk-space-abc',
        keyHash: 'h'.repeat(64),
        createdAtMs: 1,
        expiresAtMs: null,
        revokedAtMs: null,
        lastUsedAtMs: null,
      }
      await store.insertApiKey(key)
      expect(await store.getApiKeyByHash(key.keyHash)).toEqual(key)
      await store.touchApiKey('k1', 7)
      expect((await store.listApiKeys(account))[0]?.lastUsedAtMs).toBe(7)
      expect(await store.revokeApiKey(other, 'k1', 8)).toBe(false)
      expect(await store.revokeApiKey(account, 'k1', 8)).toBe(true)
      expect((await store.getApiKeyByHash(key.keyHash))?.revokedAtMs).toBe(8)
    })

    const pairing = (id: string, code = '123456') => ({
      pairingId: id,
      account,
      creatorDeviceId: 'creator',
      code,
      createdAtMs: 0,
      expiresAtMs: 120_000,
      attempts: 0,
      state: 'waiting' as const,
      redeemedAtMs: null,
      signingPublicKey: null,
      encryptionPublicKey: null,
      displayName: null,
      platform: null,
      claimHash: null,
      sealedSecret: null,
      deviceId: null,
    })
    const redeemer = { signingPublicKey: 'sig-b', encryptionPublicKey: 'enc-b', displayName: 'b', platform: 2 }
    const redeem = (code: string, nowMs = 1) =>
      store.redeemPairing({ account, code, nowMs, maxAttempts: 3, redeemer, claimHash: 'c'.repeat(64) })

    it('burns the previous live code when a new one is created [NP-PAIR-003]', async () => {
      await store.createPairing(pairing('p1', '111111'))
      await store.createPairing(pairing('p2', '222222'))
      expect((await store.getPairing('p1'))?.state).toBe('burned')
      expect(await redeem('111111')).toEqual({ ok: false, reason: 'wrong-code', burned: false })
      expect(await redeem('222222')).toEqual({ ok: true, pairingId: 'p2' })
      expect(await redeem('222222')).toEqual({ ok: false, reason: 'no-code', burned: false })
    })

    it('burns a code after the maximum number of wrong guesses [NP-PAIR-004]', async () => {
      await store.createPairing(pairing('p3'))
      expect((await redeem('000000')).ok).toBe(false)
      expect((await redeem('000001')).ok).toBe(false)
      expect(await redeem('000002')).toEqual({ ok: false, reason: 'wrong-code', burned: true })
      expect(await redeem('123456')).toEqual({ ok: false, reason: 'no-code', burned: false })
    })

    it('does not redeem an expired code [NP-PAIR-002]', async () => {
      await store.createPairing(pairing('p4'))
      expect(await redeem('123456', 120_001)).toEqual({ ok: false, reason: 'no-code', burned: false })
    })

    it('lets only one of concurrent correct redeems win', async () => {
      await store.createPairing(pairing('p5'))
      const results = await Promise.all(Array.from({ length: 5 }, () => redeem('123456')))
      expect(results.filter((result) => result.ok)).toHaveLength(1)
    })

    it('registers B only when completing a redeemed pairing, once [NP-PAIR-010]', async () => {
      await store.createPairing(pairing('p6'))
      const b = { ...device('b'), signingPublicKey: 'sig-b', encryptionPublicKey: 'enc-b' }
      const complete = (keyEpoch: number) =>
        store.completePairing({ pairingId: 'p6', sealedSecret: '{}', keyEpoch, device: b })
      expect(await complete(0)).toEqual({ ok: false, reason: 'not-redeemed' })
      expect(await store.getDevice(b.deviceId)).toBeUndefined()
      await redeem('123456')
      // [NP-PAIR-031] only at the account's current epoch (0 before any rotation)
      expect(await complete(1)).toEqual({ ok: false, reason: 'stale-epoch', currentEpoch: 0 })
      expect(await store.getDevice(b.deviceId)).toBeUndefined()
      expect((await store.getPairing('p6'))?.state).toBe('redeemed')
      expect(await complete(0)).toEqual({ ok: true })
      expect(await store.getDevice(b.deviceId)).toEqual(b)
      expect((await store.getPairing('p6'))?.state).toBe('completed')
      expect((await complete(0)).ok).toBe(false)
    })

    it('stores signing keys and consumes device challenges once, for their device, before expiry', async () => {
      await store.saveSigningKey({ kid: 'k', privateJwk: '{}', activatesAtMs: 1, lastSignedAtMs: null })
      await store.saveSigningKey({ kid: 'k', privateJwk: '{}', activatesAtMs: 1, lastSignedAtMs: 5 })
      expect(await store.listSigningKeys()).toEqual([
        { kid: 'k', privateJwk: '{}', activatesAtMs: 1, lastSignedAtMs: 5 },
      ])
      await store.deleteSigningKey('k')
      expect(await store.listSigningKeys()).toEqual([])
      await store.insertDeviceChallenge('c1', 'd1', 100)
      expect(await store.consumeDeviceChallenge('c1', 'd2', 10)).toBe(false)
      expect(await store.consumeDeviceChallenge('c1', 'd1', 101)).toBe(false)
      expect(await store.consumeDeviceChallenge('c1', 'd1', 10)).toBe(true)
      expect(await store.consumeDeviceChallenge('c1', 'd1', 11)).toBe(false)
    })

    it('records one proxy wallet and one native key per account: the first writer wins [NP-AUTH-100]', async () => {
      expect(await store.getWallets(account)).toBeUndefined()
      const claimed = await store.claimWallets(account, 'spabcdefghij', 1)
      expect(claimed).toMatchObject({ account, proxyAddress: null, nativeKeyId: null, nativeState: 'pending' })
      expect(await store.claimWallets(account, 'spabcdefghij', 2)).toEqual(claimed)
      const proxies = await Promise.all(
        ['1', '2', '3', '4'].map((n) => store.setProxyWallet(account, `kis-${n}`, `0x${n.repeat(40)}`, 3)),
      )
      const winner = proxies[0]?.proxyKeyId
      expect(['kis-1', 'kis-2', 'kis-3', 'kis-4']).toContain(winner)
      for (const row of proxies) expect(row.proxyKeyId).toBe(winner)
      const rotated = await store.updateProxyAddress(account, winner as string, `0x${'f'.repeat(40)}`, 4)
      expect(rotated).toMatchObject({ proxyKeyId: winner, proxyAddress: `0x${'f'.repeat(40)}` })
      // another key ID cannot move the address
      expect((await store.updateProxyAddress(account, 'other', `0x${'e'.repeat(40)}`, 4)).proxyAddress).toBe(
        `0x${'f'.repeat(40)}`,
      )
      expect((await store.setNativeKey(account, 'n1', 'PUB_K1_a', 4)).nativeKeyId).toBe('n1')
      expect((await store.setNativeKey(account, 'n2', 'PUB_K1_b', 5)).nativePublicKey).toBe('PUB_K1_a')
      expect((await store.markNativeCreated(account, 6)).nativeState).toBe('created')
      expect(await store.getWallets(other)).toBeUndefined()
    })

    it('rotates the key epoch only from the named epoch and with an envelope for every active device [NP-PRIV-043]', async () => {
      const a = device('a1')
      const b = device('b1')
      const gone = device('c1')
      for (const d of [a, b, gone]) await store.registerDevice({ device: d, nowMs: 1 })
      await store.revokeDevice(gone.deviceId, 2)
      expect(await store.getKeyEpoch(account)).toBe(0)
      const env = (d: DeviceRecord, text = 'x') => ({ deviceId: d.deviceId, envelope: `${text}-${d.deviceId}` })
      expect(await store.rotateKeyEpoch({ account, expectedEpoch: 0, envelopes: [env(a)], nowMs: 3 })).toEqual({
        ok: false,
        reason: 'devices-mismatch',
        missing: [b.deviceId],
        unexpected: [],
      })
      expect(
        await store.rotateKeyEpoch({ account, expectedEpoch: 0, envelopes: [env(a), env(b), env(gone)], nowMs: 3 }),
      ).toMatchObject({ ok: false, unexpected: [gone.deviceId] })
      expect(
        await store.rotateKeyEpoch({ account, expectedEpoch: 0, envelopes: [env(a), env(a), env(b)], nowMs: 3 }),
      ).toMatchObject({ ok: false, unexpected: [a.deviceId] })
      expect(await store.rotateKeyEpoch({ account, expectedEpoch: 1, envelopes: [env(a), env(b)], nowMs: 3 })).toEqual({
        ok: false,
        reason: 'stale-epoch',
        currentEpoch: 0,
      })
      expect(await store.getKeyEpoch(account)).toBe(0)
      const both = await Promise.all([
        store.rotateKeyEpoch({ account, expectedEpoch: 0, envelopes: [env(a, 'p'), env(b, 'p')], nowMs: 4 }),
        store.rotateKeyEpoch({ account, expectedEpoch: 0, envelopes: [env(a, 'q'), env(b, 'q')], nowMs: 4 }),
      ])
      expect(both.filter((outcome) => outcome.ok)).toHaveLength(1)
      expect(await store.getKeyEpoch(account)).toBe(1)
      expect(
        await store.rotateKeyEpoch({ account, expectedEpoch: 1, envelopes: [env(a, 'r'), env(b, 'r')], nowMs: 5 }),
      ).toEqual({ ok: true, epoch: 2 })
      const all = await store.listKeyEnvelopes(account, a.deviceId, 0)
      expect(all.map((e) => e.epoch)).toEqual([1, 2])
      expect(all[1]?.envelope).toBe(`r-${a.deviceId}`)
      expect(await store.listKeyEnvelopes(account, a.deviceId, 2)).toEqual([all[1]])
      expect(await store.listKeyEnvelopes(account, gone.deviceId, 0)).toEqual([])
      expect(await store.listKeyEnvelopes(other, a.deviceId, 0)).toEqual([])
      expect(await store.getKeyEpoch(other)).toBe(0)
    })

    it('counts the nonce limits and stores the nonce in one step; over a limit nothing is stored [NP-AUTH-012]', async () => {
      const limits = [
        { key: 'src', max: 2 },
        { key: 'acct', max: 3 },
      ]
      const issue = (n: string) =>
        store.insertNonceWithinLimits({
          record: { ...nonce, nonce: n.repeat(32) },
          limits,
          windowMs: 3_600_000,
          nowMs: 10,
        })
      expect(await issue('1')).toEqual({ ok: true })
      expect(await issue('2')).toEqual({ ok: true })
      expect(await issue('3')).toEqual({ ok: false, key: 'src' })
      expect(await store.consumeNonce('3'.repeat(32), 11)).toBeUndefined()
      expect(await store.consumeNonce('2'.repeat(32), 11)).toMatchObject({ address: account })
      // the account limit was not counted for the refused request
      expect(await store.hitRateLimit('acct', 3_600_000, 10)).toBe(3)
    })

    it('prunes expired nonces', async () => {
      await store.insertNonce(nonce)
      await store.prune(nonce.expiresAtMs + 1)
      expect(await store.consumeNonce(nonce.nonce, nonce.expiresAtMs + 2)).toBeUndefined()
    })
  })
}

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKisClient } from '@spaceos/kis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestKis, type TestKis } from './helpers.ts'

/** A CA, a server certificate for 127.0.0.1 and client certificates, made with the openssl CLI at test time. */
function makePki(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  const ca = (name: string) => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    )
  }
  const leaf = (name: string, caName: string, ext: string) => {
    openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    )
    writeFileSync(join(dir, `${name}.ext`), ext)
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.crt`,
      '-CAkey',
      `${caName}.key`,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    )
  }
  ca('test-ca')
  ca('rogue-ca')
  leaf('server', 'test-ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
  leaf('identity', 'test-ca', 'extendedKeyUsage=clientAuth\n')
  leaf('rogue', 'rogue-ca', 'extendedKeyUsage=clientAuth\n')
  const read = (f: string) => readFileSync(join(dir, f), 'utf8')
  return {
    caPath: join(dir, 'test-ca.crt'),
    ca: read('test-ca.crt'),
    client: { cert: read('identity.crt'), key: read('identity.key') },
    rogue: { cert: read('rogue.crt'), key: read('rogue.key') },
    server: { cert: join(dir, 'server.crt'), key: join(dir, 'server.key') },
  }
}

let kis: TestKis
let pki: ReturnType<typeof makePki>
beforeAll(async () => {
  pki = makePki(mkdtempSync(join(tmpdir(), 'kis-pki-')))
  kis = await startTestKis({ tlsCert: pki.server.cert, tlsKey: pki.server.key, tlsCa: pki.caPath })
})
afterAll(async () => {
  await kis?.stop()
})

describe('mutual TLS [NP-KEY-026]', () => {
  it('serves https and accepts a client certificate from the configured CA (HMAC still required)', async () => {
    expect(kis.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const client = createKisClient(kis.clientOptions({ tls: { ca: pki.ca, ...pki.client } }))
    const key = await client.createKey({ kind: 'evm' })
    expect(await client.getKey(key.keyId)).toEqual(key)
    const noHmac = createKisClient(kis.clientOptions({ secret: 'y'.repeat(64), tls: { ca: pki.ca, ...pki.client } }))
    await expect(noHmac.getKey(key.keyId)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('refuses a client without a certificate at the TLS layer', async () => {
    const client = createKisClient(kis.clientOptions({ tls: { ca: pki.ca }, timeoutMs: 5000 }))
    await expect(client.createKey({ kind: 'evm' })).rejects.toMatchObject({ code: 'TRANSPORT' })
  })

  it('refuses a client certificate from another CA', async () => {
    const client = createKisClient(kis.clientOptions({ tls: { ca: pki.ca, ...pki.rogue }, timeoutMs: 5000 }))
    await expect(client.createKey({ kind: 'evm' })).rejects.toMatchObject({ code: 'TRANSPORT' })
  })

  it('with tlsBindCaller, a certificate opens only its own caller ID (CN = X-KIS-Key-Id)', async () => {
    const bound = await startTestKis({
      tlsCert: pki.server.cert,
      tlsKey: pki.server.key,
      tlsCa: pki.caPath,
      tlsBindCaller: true,
    })
    try {
      // The certificate's CN is `identity`.
      const own = createKisClient(bound.clientOptions({ tls: { ca: pki.ca, ...pki.client } }))
      expect((await own.createKey({ kind: 'evm' })).keyId).toMatch(/^kis_/)
      // A valid HMAC of caller `other` over the `identity` certificate is refused.
      const other = createKisClient(
        bound.clientOptions({ callerId: 'other', secret: bound.secrets.other, tls: { ca: pki.ca, ...pki.client } }),
      )
      await expect(other.createKey({ kind: 'evm' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
      expect(bound.audit().at(-1)).toMatchObject({ caller: 'unauthenticated:other', outcome: 'UNAUTHENTICATED' })
    } finally {
      await bound.stop()
    }
    await expect(startTestKis({ tlsBindCaller: true })).rejects.toThrow(/needs mutual TLS/)
  })

  it('the client refuses a server it cannot verify', async () => {
    const client = createKisClient(kis.clientOptions({ tls: pki.client, timeoutMs: 5000 }))
    await expect(client.createKey({ kind: 'evm' })).rejects.toMatchObject({ code: 'TRANSPORT' })
  })
})

import { describe, expect, it } from 'vitest'
import { sourceKey } from './context.ts'

describe('sourceKey', () => {
  it('keys IPv4 sources by address, including IPv4-mapped IPv6', () => {
    expect(sourceKey('203.0.113.7')).toBe('203.0.113.7')
    expect(sourceKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
  })

  it('keys IPv6 sources by their /64 prefix [NP-PAIR-006]', () => {
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(sourceKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(sourceKey('::1')).toBe('0:0:0:0::/64')
  })
})

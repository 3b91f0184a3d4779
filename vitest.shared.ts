import { defineProject, mergeConfig, type UserWorkspaceConfig } from 'vitest/config'

/** Packages resolve each other through this export condition: their TypeScript sources, no build needed. */
export const sourceConditions = ['@spaceos/source']

/**
 * The config every package's `vitest.config.ts` uses, so settings live in one place:
 * `export default spaceosProject('protocol', { test: { globalSetup: ['test/globalSetup.ts'] } })`.
 */
export function spaceosProject(name: string, overrides: UserWorkspaceConfig = {}) {
  return defineProject(
    mergeConfig(
      {
        resolve: { conditions: sourceConditions },
        ssr: { resolve: { conditions: sourceConditions } },
        test: {
          name,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Type errors outside the *.test-d.ts files are `npm run lint`'s job (tsc over the whole tree).
          typecheck: {
            enabled: true,
            include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
            ignoreSourceErrors: true,
          },
        },
      },
      overrides,
    ),
  )
}

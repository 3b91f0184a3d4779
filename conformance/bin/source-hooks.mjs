// Module-resolution hook used in development (no dist/): resolves workspace packages to their TypeScript
// sources through the `@spaceos/source` export condition, the same condition vitest and tsc use.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@spaceos/source')
    ? context.conditions
    : ['@spaceos/source', ...context.conditions]
  return nextResolve(specifier, { ...context, conditions })
}

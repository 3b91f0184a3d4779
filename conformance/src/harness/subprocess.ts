import { type ChildProcess, spawn } from 'node:child_process'
import { createMessageReader, frameMessage } from './lengthDelimited.ts'

/** The implementation under test exited, closed its stdout, timed out or broke the framing. */
export class HarnessProcessError extends Error {
  override name = 'HarnessProcessError'
}

export type HarnessProcessOptions = {
  /** Per-request timeout in ms. */
  timeoutMs: number
  /** Receives the implementation's stderr, line by line. */
  log: (line: string) => void
}

/**
 * A spawned implementation speaking length-delimited messages over stdin/stdout. Requests are answered in order,
 * one response each. The command line runs through the shell in its own process group, so `close()` ends it
 * and everything it started.
 *
 * @example
 * ```ts
 * import { startHarnessProcess } from '@spaceos/conformance'
 * const harness = startHarnessProcess('node impl.mjs', { timeoutMs: 5000, log: console.error })
 * const answer = await harness.request(bytes)
 * await harness.close()
 * ```
 */
export function startHarnessProcess(command: string, options: HarnessProcessOptions) {
  const child: ChildProcess = spawn(command, {
    shell: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  })
  const reader = createMessageReader()
  const waiting: { resolve: (message: Uint8Array) => void; reject: (error: Error) => void }[] = []
  let failure: HarnessProcessError | undefined
  let exited = false
  let stderrTail = ''

  const fail = (error: HarnessProcessError) => {
    if (!failure) failure = error
    for (const w of waiting.splice(0)) w.reject(failure)
  }
  const exitHook = () => kill()
  process.once('exit', exitHook)

  child.stdout?.on('data', (chunk: Buffer) => {
    let messages: Uint8Array[]
    try {
      messages = reader.push(chunk)
    } catch (error) {
      fail(new HarnessProcessError(`implementation broke the harness framing: ${(error as Error).message}`))
      kill()
      return
    }
    for (const message of messages) {
      const next = waiting.shift()
      if (next) next.resolve(message)
      else {
        fail(new HarnessProcessError('implementation wrote a response nobody asked for'))
        kill()
      }
    }
  })
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2000)
    for (const line of text.split('\n')) if (line.trim() !== '') options.log(line)
  })
  child.on('error', (error) => fail(new HarnessProcessError(`cannot start "${command}": ${error.message}`)))
  child.on('exit', (code, signal) => {
    exited = true
    process.removeListener('exit', exitHook)
    const tail = stderrTail.trim() ? `; stderr: ${stderrTail.trim().split('\n').slice(-5).join(' | ')}` : ''
    fail(new HarnessProcessError(`implementation exited (${signal ?? `code ${code}`})${tail}`))
  })
  // A closed stdin (the implementation exited) must surface as a failure, not an unhandled EPIPE.
  child.stdin?.on('error', (error) => fail(new HarnessProcessError(`cannot write to implementation: ${error.message}`)))

  function kill() {
    if (exited || child.pid === undefined) return
    try {
      if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
      else child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }

  return {
    /** Sends one message and resolves with the next response. */
    request(message: Uint8Array): Promise<Uint8Array> {
      if (failure) return Promise.reject(failure)
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          fail(new HarnessProcessError(`no response within ${options.timeoutMs} ms`))
          kill()
        }, options.timeoutMs)
        waiting.push({
          resolve: (m) => {
            clearTimeout(timer)
            resolve(m)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        })
        child.stdin?.write(frameMessage(message))
      })
    },
    /** True once the process died or broke the protocol; the runner then starts a fresh one. */
    broken: () => failure !== undefined || exited,
    /** Closes stdin, gives the process a moment to exit, then kills its process group. */
    async close(): Promise<void> {
      if (exited) return
      child.stdin?.end()
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          kill()
          resolve()
        }, 1000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      kill()
    },
  }
}

export type HarnessProcess = ReturnType<typeof startHarnessProcess>

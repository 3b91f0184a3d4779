#!/usr/bin/env node
// Starts the key issuing service: sources in a checkout, dist/ when installed (see @spaceos/node-kit/bin).
import { runBin } from '@spaceos/node-kit/bin'

await runBin(import.meta.url)

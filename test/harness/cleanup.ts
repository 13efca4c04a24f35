/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
import { rmSync } from 'node:fs';

import { userFolder } from './env';

// Each test file gets its own n8n user folder (see env.ts); leave nothing behind in /tmp.
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code: runs under Jest on Node, never inside n8n */
/**
 * n8n-core reads its configuration from the environment when its modules load; this module is
 * imported first so every test file gets a private user folder and binary data on disk, as a
 * default n8n install has (filesystem mode).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const userFolder = mkdtempSync(path.join(tmpdir(), 'yishangyun-n8n-'));
export const binaryStoragePath = path.join(userFolder, 'storage');

process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.N8N_BINARY_DATA_STORAGE_PATH = binaryStoragePath;
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

'use strict';
/*
 * Reading the node details view (NDV) of n8n's editor with playwright-core, by what a user sees:
 * visible parameter labels (each `<label for="<parameter name>">`), the entries of the Options
 * collection (those already added plus those its "Add Option" dropdown offers), a dropdown's
 * items, the output panel's binary view. Selectors are the editor's own data-test-ids.
 */

const NDV = '[data-test-id="ndv"]';
const DROPDOWN_ITEMS = '.el-select-dropdown:visible .el-select-dropdown__item';

/** n8n REST calls in flight per page (the push channel, open for good, aside). */
const inFlight = new WeakMap();

/** Starts counting the page's REST calls, so the test can wait until the editor has its data. */
function trackRequests(page) {
	const pending = new Set();
	inFlight.set(page, pending);
	const isRest = (request) => request.url().includes('/rest/') && !request.url().includes('/rest/push');
	page.on('request', (request) => isRest(request) && pending.add(request));
	page.on('requestfinished', (request) => pending.delete(request));
	page.on('requestfailed', (request) => pending.delete(request));
}

/** Waits until no REST call has been in flight for `quietMs` (a panel redraws when its options load). */
async function settle(page, quietMs = 400, timeoutMs = 15000) {
	const pending = inFlight.get(page);
	const until = Date.now() + timeoutMs;
	let quietSince = Date.now();
	while (Date.now() < until) {
		if (pending.size) quietSince = Date.now();
		else if (Date.now() - quietSince >= quietMs) return;
		await page.waitForTimeout(50);
	}
	throw new Error(`the editor kept calling n8n for ${timeoutMs} ms: ${[...pending].map((r) => r.url()).join(', ')}`);
}

/**
 * Opens a node's panel: the first time by its editor URL (a page load), later by closing the open
 * panel and double-clicking the node on the canvas, as a user does (no reload).
 */
async function openPanel(page, url, nodeName) {
	const ndv = page.locator(NDV).first();
	if (await ndv.isVisible().catch(() => false)) {
		await page.locator(`${NDV} [data-test-id="ndv-close-button"]`).first().click();
		await ndv.waitFor({ state: 'hidden', timeout: 10000 });
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: nodeName }).first().dblclick();
	} else {
		await page.goto(url, { waitUntil: 'domcontentloaded' });
	}
	await ndv.waitFor({ state: 'visible', timeout: 30000 });
	await page.locator(`${NDV} label[for="operation"]`).first().waitFor({ state: 'visible', timeout: 30000 });
	await settle(page);
	await page.evaluate(() => document.fonts.ready);
}

/**
 * The visible parameters of the panel, split into top-level parameters and entries already added
 * to the `collection` parameter: { parameters: [names], added: [names] }.
 */
function visibleParameters(page, collection) {
	return page.evaluate(
		({ ndv, collection }) => {
			const root = document.querySelector(`${ndv} [data-test-id="node-parameters"]`);
			const labels = [...root.querySelectorAll('label[for]')].filter((label) => label.checkVisibility());
			const listOf = (label) => label.closest('[data-test-id="parameter-item"]')?.parentElement?.closest('.parameter-input-list-wrapper');
			const top = listOf(labels.find((label) => label.getAttribute('for') === 'operation'));
			const collectionItem = labels.find((label) => label.getAttribute('for') === collection && listOf(label) === top)?.closest('[data-test-id="parameter-item"]');
			const parameters = [];
			const added = [];
			for (const label of labels) {
				const list = listOf(label);
				if (list === top) parameters.push(label.getAttribute('for'));
				else if (collectionItem && collectionItem.contains(label)) added.push(label.getAttribute('for'));
			}
			return { parameters: [...new Set(parameters)], added: [...new Set(added)] };
		},
		{ ndv: NDV, collection },
	);
}

/** Texts of the open dropdown's items; the dropdown is closed again. */
async function dropdownItems(page) {
	const items = page.locator(DROPDOWN_ITEMS);
	await items.first().waitFor({ state: 'visible', timeout: 10000 });
	const texts = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await page.locator(DROPDOWN_ITEMS).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
	return texts;
}

/** Labels of the collection entries the "Add Option" dropdown offers (none when it is not shown). */
async function offeredEntries(page) {
	const add = page.locator(`${NDV} [data-test-id="collection-parameter-add"]`);
	if (!(await add.count()) || !(await add.first().isVisible())) return [];
	await add.first().click();
	return dropdownItems(page);
}

/** The Model dropdown's item labels. */
async function modelItems(page) {
	await page.locator(`${NDV} [data-test-id="parameter-input-model"]`).first().click();
	return dropdownItems(page);
}

/** The first output item's binary card that holds the video. */
const videoCard = (page) => page.locator(`${NDV} [data-test-id="output-panel"] [data-test-id="ndv-binary-data_0"]`).filter({ hasText: 'video/mp4' });

/** Executes the open node ("Execute step") and waits for its output in the binary view; returns the video card's text. */
async function executeToBinaryView(page) {
	await page.locator(`${NDV} [data-test-id="node-execute-button"]`).first().click();
	const output = page.locator(`${NDV} [data-test-id="output-panel"]`);
	await output.locator('[data-test-id="node-run-status-success"], [data-test-id="node-run-status-danger"]').first().waitFor({ timeout: 60000 });
	const binaryMode = output.locator('[data-test-id="radio-button-binary"]');
	await binaryMode.waitFor({ state: 'visible', timeout: 15000 });
	if ((await binaryMode.getAttribute('aria-checked')) !== 'true') await binaryMode.click();
	await videoCard(page).waitFor({ state: 'visible', timeout: 15000 });
	return videoCard(page).innerText();
}

/** Executes the open node ("Execute step") and returns the output panel's text once it has run successfully. */
async function executeToOutput(page) {
	await page.locator(`${NDV} [data-test-id="node-execute-button"]`).first().click();
	const output = page.locator(`${NDV} [data-test-id="output-panel"]`);
	await output.locator('[data-test-id="node-run-status-success"], [data-test-id="node-run-status-danger"]').first().waitFor({ timeout: 60000 });
	if (await output.locator('[data-test-id="node-run-status-danger"]').count()) throw new Error(`the node failed: ${(await output.innerText()).slice(0, 500)}`);
	await settle(page);
	return output.innerText();
}

/** Opens the video card's "View" and returns what the shown video is: its length, size and the bytes behind it. */
async function viewVideo(page) {
	await videoCard(page).locator('[data-test-id="ndv-view-binary-data"]').click();
	const video = page.locator('video').first();
	await video.waitFor({ state: 'visible', timeout: 15000 });
	// The browser has read the file far enough to know its length and frame size: it plays.
	await page.waitForFunction(() => {
		const v = document.querySelector('video');
		return v && v.readyState >= 1 && v.duration > 0;
	}, null, { timeout: 15000 });
	const { src, duration, width, height } = await video.evaluate((v) => ({ src: v.currentSrc || v.src, duration: v.duration, width: v.videoWidth, height: v.videoHeight }));
	const bytes = await page.request.get(src).then((r) => r.body());
	return { src, duration, width, height, bytes };
}

/** A clip around the panel dialog, for screenshots. */
async function panelClip(page, viewport) {
	const box = await page.locator(NDV).first().boundingBox();
	if (!box) return undefined;
	const margin = 12;
	const x = Math.max(0, Math.floor(box.x - margin));
	const y = Math.max(0, Math.floor(box.y - margin));
	return {
		x,
		y,
		width: Math.min(viewport.width, Math.ceil(box.x + box.width + margin)) - x,
		height: Math.min(viewport.height, Math.ceil(box.y + box.height + margin)) - y,
	};
}

module.exports = { trackRequests, openPanel, visibleParameters, offeredEntries, modelItems, executeToBinaryView, executeToOutput, viewVideo, panelClip };

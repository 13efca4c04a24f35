'use strict';
/*
 * What the node panel must show for each operation, written out from /work/shared/CONTRACT.md
 * (the workflow-facing contract): its parameter table's "shown for" column and its Options
 * table's "applies to" column, as data. The UI test compares the panel with these sets exactly,
 * so a field that leaks into an operation, or goes missing from one, fails it.
 *
 * "getStatus (waiting)" in the contract is Get Status with Wait for Completion on. The contract
 * lists `options` for all operations; Get Balance has no option that applies to it, so the
 * collection is hidden there rather than shown empty.
 */

/** Top-level parameters: name → the operations (or 'all') it is shown for. */
const PARAMETERS = {
	operation: 'all',
	model: ['submit', 'submitAndWait'],
	prompt: ['submit', 'submitAndWait'],
	seconds: ['submit', 'submitAndWait'],
	size: ['submit', 'submitAndWait'],
	referenceUrls: ['submit', 'submitAndWait'],
	referenceBinaryProperty: ['submit', 'submitAndWait'],
	referenceVideoUrls: ['submit', 'submitAndWait'],
	referenceAudioUrls: ['submit', 'submitAndWait'],
	taskId: ['getStatus', 'getStatusWaiting'],
	waitForCompletion: ['getStatus', 'getStatusWaiting'],
	options: ['submit', 'getStatus', 'getStatusWaiting', 'submitAndWait'],
};

/** Entries of the `options` collection: name → the operations it applies to. */
const OPTIONS = {
	additionalBodyFields: ['submit', 'submitAndWait'],
	binaryPropertyName: ['getStatus', 'getStatusWaiting', 'submitAndWait'],
	download: ['getStatus', 'getStatusWaiting', 'submitAndWait'],
	downloadThumbnail: ['getStatus', 'getStatusWaiting', 'submitAndWait'],
	pollIntervalSeconds: ['submitAndWait', 'getStatusWaiting'],
	timeoutSeconds: ['submitAndWait', 'getStatusWaiting'],
	submitConcurrency: ['submit', 'submitAndWait'],
};

/** The panels the test opens: the operation value, the other parameters set, the screenshot name. */
const PANELS = [
	{ key: 'submit', title: 'Submit', parameters: { operation: 'submit' } },
	{ key: 'getStatus', title: 'Get Status', parameters: { operation: 'getStatus', waitForCompletion: false } },
	{ key: 'getStatusWaiting', title: 'Get Status, waiting for completion', parameters: { operation: 'getStatus', waitForCompletion: true } },
	{ key: 'submitAndWait', title: 'Submit and Wait', parameters: { operation: 'submitAndWait' } },
	{ key: 'getBalance', title: 'Get Balance', parameters: { operation: 'getBalance' } },
];

const shownFor = (table, key) =>
	Object.entries(table)
		.filter(([, ops]) => ops === 'all' || ops.includes(key))
		.map(([name]) => name)
		.sort();

/** { parameters: [...], options: [...] } the panel `key` must show, sorted. */
function expectedFor(key) {
	return { parameters: shownFor(PARAMETERS, key), options: shownFor(OPTIONS, key) };
}

module.exports = { PANELS, expectedFor };

// @ts-check
const { MESSAGES, middlewareError } = require('./errors');

/**
 * new-api's billing endpoints, served to the API key itself (router/dashboard.go,
 * controller/billing.go), and the spend behind them. new-api counts quota in integer units,
 * `QuotaPerUnit` (500000) to one unit of the site's display currency; the endpoints divide back:
 * - `GET /v1/dashboard/billing/subscription` → `hard_limit_usd` = (remaining + used) in the
 *   display unit, 100000000 for a key without a limit;
 * - `GET /v1/dashboard/billing/usage` → `total_usage` = used × 100.
 * Options: `grants` (key → its grant in the display unit; a key without one is unlimited) and
 * `submitPrice` (charged per accepted submit). A key whose grant is spent is refused on every
 * route as a used-up key (model/token.go ValidateUserToken); a submit costing more than is left
 * is refused before anything is billed (service/quota.go: 403 pre_consume_token_quota_failed).
 *
 * @typedef {import('../context').Context} Context
 */

const QUOTA_PER_UNIT = 500_000;
/** The two endpoints, by path (new-api also serves them without `/v1`; the simulator answers HTML outside `/v1`). */
const ENDPOINTS = Object.freeze({ '/v1/dashboard/billing/subscription': 'subscription', '/v1/dashboard/billing/usage': 'usage' });
const UNLIMITED = 100_000_000;

/** @param {number} amount */
const toQuota = (amount) => Math.round(amount * QUOTA_PER_UNIT);

/** new-api's `logger.FormatQuota`: the display amount with six decimals. @param {number} quota */
const formatQuota = (quota) => `＄${(quota / QUOTA_PER_UNIT).toFixed(6)}`;

/** The billing endpoint a request is for, if any. @param {string} method @param {string} pathname @returns {'subscription' | 'usage' | undefined} */
const billingEndpoint = (method, pathname) => (method === 'GET' ? /** @type {Record<string, 'subscription' | 'usage'>} */ (ENDPOINTS)[pathname] : undefined);

/** @param {Context} ctx */
function createBilling(ctx) {
	/** Quota units spent per key. @type {Map<string, number>} */
	const spent = new Map();
	/** @param {string} key */
	const grantOf = (key) => (Object.hasOwn(ctx.options.grants, key) ? toQuota(ctx.options.grants[key]) : undefined);
	/** @param {string} key */
	const remaining = (key) => {
		const grant = grantOf(key);
		return grant === undefined ? Infinity : grant - (spent.get(key) ?? 0);
	};

	return {
		/** Whether the key's grant is spent: new-api then refuses it like a used-up key. @param {string} key */
		usedUp: (key) => remaining(key) <= 0,

		/** A refusal when the next submit costs more than the key has left, before anything is billed. @param {string} key */
		refusal(key) {
			const price = toQuota(ctx.options.submitPrice);
			const left = remaining(key);
			if (left >= price) return undefined;
			return middlewareError(403, MESSAGES.notEnough(formatQuota(left), formatQuota(price)), 'pre_consume_token_quota_failed', ctx.clock.now());
		},

		/** Bills an accepted submit. @param {string} key */
		charge(key) {
			spent.set(key, (spent.get(key) ?? 0) + toQuota(ctx.options.submitPrice));
		},

		/** The two endpoints' bodies for `key`. @param {'subscription' | 'usage'} endpoint @param {string} key */
		answer(endpoint, key) {
			const used = spent.get(key) ?? 0;
			if (endpoint === 'usage') return { object: 'list', total_usage: (used / QUOTA_PER_UNIT) * 100 };
			const grant = grantOf(key);
			const amount = grant === undefined ? UNLIMITED : grant / QUOTA_PER_UNIT;
			return {
				object: 'billing_subscription',
				has_payment_method: true,
				soft_limit_usd: amount,
				hard_limit_usd: amount,
				system_hard_limit_usd: amount,
				access_until: 0,
			};
		},
	};
}

module.exports = { createBilling, billingEndpoint, QUOTA_PER_UNIT, UNLIMITED };

// Types of the simulator's public API (the JavaScript is in index.js and its modules).

export declare const DEMO_API_KEY: 'sk-yishangyun-demo';
export declare const MODELS: readonly string[];
export declare const SIZES: readonly string[];
export declare const FAULT_NAMES: readonly FaultName[];

/**
 * 'yishangyun': the provider's document. 'openai': OpenAI's video API. 'newapi': new-api, the
 * relay the provider's gateway really runs (options gatewayPollSeconds, serverAddress,
 * submitStatus, inputReferenceArray, exhaustedKeys, grants, submitPrice; faults submitSaturated,
 * pollSaturated, pollUpstreamError). Its answers:
 * - submit: Sora/Grok the upstream's OpenAI body with new-api's `task_…` id; other families new-api's
 *   `{id, task_id, object:'video', model, status: submitStatus, progress:0, created_at}`.
 * - status (HTTP 200): Sora/Grok the upstream's stored OpenAI body; Kling/Seedance/Wan/HappyHorse/
 *   Hailuo/Vidu/Jimeng new-api's video object (`unknown` until the first gateway update, then `queued` (progress 10
 *   Kling and Vidu, 20 others), `in_progress` (30), `completed`/`failed` (100); `completed_at` the last
 *   update time; `metadata.url` '' until completion, then the signed file-host URL; `error` on
 *   failure); Veo the video object without URL or failure reason, read live.
 * - errors: unknown or another key's task → 400 `{"code":"task_not_exist",…,"data":null}`; bad key →
 *   401 `{"error":{"message":"无效的令牌 (request id: …)","type":"new_api_error","code":""}}`; model not
 *   listed → 503 model_not_found; `/content` before completion → 400 `Task is not completed yet,
 *   current status: …`, unknown → 404; paths outside /v1 → 200 HTML; unknown /v1 paths → 404.
 * - `/content` ignores its query string (no thumbnails).
 * - billing, to the key itself (router/dashboard.go, controller/billing.go):
 *   `GET /v1/dashboard/billing/subscription` → `{"object":"billing_subscription",
 *   "hard_limit_usd": <grant>, "soft_limit_usd", "system_hard_limit_usd", "has_payment_method":
 *   true, "access_until": 0}` (100000000 for a key without a grant: unlimited);
 *   `GET /v1/dashboard/billing/usage` → `{"object":"list","total_usage": <spent × 100>}`. Amounts
 *   go through new-api's integer quota (500000 to the unit). A key whose grant is spent answers
 *   401 as a used-up key on every route; a submit costing more than is left → 403
 *   `pre_consume_token_quota_failed` (nothing billed). The other dialects answer 404 there.
 * Prompt directives (other dialects ignore them): `[fail]` the family's failure; `[fail200]` /
 * `[busy200]` the gateway stores a body without status and answers it with HTTP 200 from the fail
 * time on (`{"error":{"message":"Video not found",…},"id"}` / `{"code":503,"msg":"upstream busy","id"}`);
 * `[relay]` (Sora/Grok) another relay's body: its own `task_id`, `processing`/`succeeded`, top-level
 * `video_url`; `[url=<where>]` the finished URL at `video_url`, `url`, `metadata.url`,
 * `metadata.video_url`, `result_url`, `task_result.videos.0.url`, or `data` (a data: URL in
 * `video_url`); `[selfurl]` the URL is `<serverAddress>/v1/videos/<id>/content`; `[contentjson]`
 * `/content` answers `{id, object, url, video_url}`; `[spell=<s>]` completed spelt `<s>`, waiting
 * `initializing`, running `in_progress`, failed `fail`/`Fail`/`FAILURE`/`failure` after `succeed`/
 * `Success`/`SUCCESS`/`success` (else `failed`).
 */
export type Dialect = 'yishangyun' | 'openai' | 'newapi';

/**
 * A video model family as new-api serves it, by model name: `sora*`, `grok*` (OpenAI-type channel:
 * the upstream's stored body), `veo*` (Gemini: new-api's video object, no URL, no failure reason,
 * read live), `kling*`, `doubao-seedance*`/`seedance*`, `wan*`, `happyhorse*`, and new-api's
 * stock native adaptors `MiniMax-Hailuo-*`/`T2V-01`/`I2V-01`/`S2V-01` (hailuo), `vidu*`,
 * `jimeng*` (new-api's video object with the file URL in `metadata.url`; Hailuo's has no
 * `task_id`, Vidu's and Jimeng's neither `task_id` nor `model`, Vidu's no `metadata` before the URL).
 *
 * Each family reads its own submit fields (newapi/requests.js), and status bodies report the
 * `seconds` and `size` the task really got, plus `input: { images, videos, audios, ignored }`
 * (references taken, and the settings/media fields sent but never read) whenever the submit sent
 * references or such fields:
 * - sora/veo `seconds` + `size` + `input_reference`;
 * - grok: the name's duration (`grok-video-3` 6 s, `-10s` …), `size` as a ratio (`1:1`, `3:2`,
 *   `2:3`, `16:9`, `9:16`; a `WxH` is ignored → 16:9), one `input_reference` (more ignored);
 * - kling `duration` (else 5; `seconds` ignored) + `aspect_ratio` (else 1:1), `image`/`image_tail`
 *   (`images` ignored), `videos` + `metadata.video_list` on omni `-video` models;
 * - seedance/wan/happyhorse `metadata.duration` + `metadata.ratio` + `metadata.resolution`,
 *   `images`, `videos`, `audios`; a duration or resolution in the model's name wins, a differing
 *   body value is ignored;
 * - hailuo `duration` (else 6) or `metadata.duration`, resolution from `metadata.resolution` or
 *   `size` by substring, frames from `metadata.first_frame_image`/`last_frame_image`/
 *   `subject_reference` (`images`, `seconds` ignored);
 * - vidu `duration` (else 5), `size` (or `metadata.resolution`) verbatim as its resolution word
 *   (else 1080p), `metadata.aspect_ratio`, `images`;
 * - jimeng `duration` 10 → 10 s, anything else 5 s (ignored), `metadata.aspect_ratio`, `images`.
 * Hailuo, Vidu and Jimeng ignore `videos`, `audios`, `seconds`, `input_reference`.
 *
 * Refused as the real gateway refuses them, nothing billed:
 * - sora: a field OpenAI does not know → 400 `fail_to_fetch_task` with OpenAI's
 *   `Unknown parameter: '<name>'.` body as its message;
 * - wan/happyhorse `*t2v*` with a `size` not written `W*H` → 500 `build_request_failed`
 *   `convert_to_ali_request_failed: invalid size: <size>, example: 1920*1080`;
 * - per generation (newapi/generations.js), relayed as 400 `fail_to_fetch_task` with the
 *   upstream's body as its message: Seedance 2.0 (`doubao-seedance-2-0…`) more than 9 images /
 *   3 videos / 3 audios, Seedance 1.x more than 2 images or any video/audio (Ark
 *   `{"error":{"code":"InvalidParameter",…}}`); Wan/HappyHorse `-r2v-` more than 5 images /
 *   3 videos or any audio, `-t2v-` any reference (DashScope `{"request_id","code":"InvalidParameter",
 *   "message"}`); Kling omni `-video` not exactly one video or with `sound` on, other Kling any video or audio
 *   (`{"code":1201,…}`); Vidu a resolution word not 360p/540p/720p/1080p or more than 7 images
 *   (`{"code":400,"reason":"FieldInvalid"|"FieldItemCountOutOfRange",…}`);
 * - hailuo: a duration or resolution the model does not make, I2V/S2V without a frame → 400
 *   `{"code":"2013","message":"hailuo api error: invalid params, …"}`.
 */
export type NewApiFamily = 'sora' | 'grok' | 'veo' | 'kling' | 'seedance' | 'wan' | 'happyhorse' | 'hailuo' | 'vidu' | 'jimeng';

/** The family of a model name; undefined for a model no video family claims (a chat model). */
export declare function familyOf(model: string): NewApiFamily | undefined;

export type FaultName =
	| 'submit429'
	| 'submit500'
	| 'submitDropAfterAccept'
	| 'poll502'
	| 'poll503'
	| 'pollDrop'
	| 'downloadTruncate'
	| 'downloadExpired'
	/** newapi: a submit answers 429 `{"code":"fail_to_fetch_task","message":"当前分组上游负载已饱和，请稍后再试","data":null}`, no Retry-After (nothing billed). */
	| 'submitSaturated'
	/** newapi: a status read of an existing task answers the same 429. */
	| 'pollSaturated'
	/** newapi: a status read of an existing task answers 500 `{"code":"fail_to_fetch_task","message":"<upstream JSON error as a string>","data":null}`. */
	| 'pollUpstreamError';

/** Each counter means "the next N times"; it is decremented as the fault happens. */
export type Faults = Partial<Record<FaultName, number>>;

export interface SimulatorOptions {
	/** API listener address. Default '127.0.0.1'. */
	host?: string;
	/** API listener port. Default 0 (any free port). */
	port?: number;
	/** Address of the second listener that serves video_url / thumbnail_url. Default '127.0.0.2'. */
	fileHost?: string;
	/** Valid Bearer keys. Default [DEMO_API_KEY]. */
	apiKeys?: string[];
	/** Submits accepted per key before 403 insufficient_quota. Default Infinity. */
	quota?: number;
	/** Simulated seconds a task stays queued. Default 0.3. Prompt directive `[queue=N]` overrides. */
	queueSeconds?: number;
	/** Simulated seconds from processing 0% to completed. Default 2. Prompt directive `[seconds=N]` overrides. */
	jobSeconds?: number;
	/** Simulated seconds per real second. Default 1. */
	timeScale?: number;
	/** Response shapes. Default 'yishangyun'. */
	dialect?: Dialect;
	/** Retry-After header value on submit429. Default 1. */
	retryAfterSeconds?: number;
	/**
	 * Per-key limit on status reads (GET /v1/videos/:id) per simulated second, a sliding window
	 * of the reads let through; beyond it 429 rate_limit_exceeded with Retry-After. Default Infinity.
	 */
	statusReadsPerSecond?: number;
	/** The same for submits (POST /v1/videos), per simulated minute. Default Infinity. */
	submitsPerMinute?: number;
	/** Pad the served MP4 with a `free` box to exactly this many bytes (streamed, never buffered). */
	videoBytes?: number;
	/**
	 * What `GET /v1/models` lists: ids, or model objects whose fields are served as given. Default
	 * MODELS; in the newapi dialect a model of every family plus chat models (gpt-4o-mini,
	 * deepseek-chat), and a submit for a model not listed answers 503 model_not_found.
	 */
	models?: Array<string | ({ id: string } & Record<string, unknown>)>;
	/** false: a gateway without `GET /v1/models` (answers 404 as for any unknown path). Default true. */
	modelsEndpoint?: boolean;
	/**
	 * newapi: new-api's background poller period (simulated seconds). A status read answers the
	 * state stored at the task's last gateway update, not the live one; each tick updates the open
	 * tasks in creation order one simulated second apart, and the next tick comes this long after
	 * the last of them (service/task_polling.go). Veo is read live. 0 = always live. Default 15.
	 */
	gatewayPollSeconds?: number;
	/** newapi: the address new-api writes into result URLs it makes itself (`[selfurl]`). Default 'http://localhost:3000'. */
	serverAddress?: string;
	/** newapi: `status` of new-api's own submit answer (non-OpenAI-type families): '' (default) or 'queued'. */
	submitStatus?: '' | 'queued';
	/**
	 * newapi: true (default), the provider's build takes `input_reference` as an array; false, stock
	 * new-api: a JSON array or several multipart `input_reference` text fields → 400 invalid_json, nothing billed.
	 */
	inputReferenceArray?: boolean;
	/**
	 * newapi: keys whose quota is used up: every route answers 401 `[sk-abc***xyz] 该令牌额度已用尽 …`
	 * (status reads and /content too); their tasks keep running. Default [].
	 */
	exhaustedKeys?: string[];
	/**
	 * newapi: each key's grant in the gateway's display unit, served by its billing endpoints and
	 * spent by accepted submits; a key without a grant is unlimited (`hard_limit_usd` 100000000).
	 * Default {}.
	 */
	grants?: Record<string, number>;
	/** newapi: what each accepted submit costs, in the display unit. Default 0.3. */
	submitPrice?: number;
	faults?: Faults;
}

/** Listener addresses cannot change at runtime. */
export type RuntimeOptions = Omit<SimulatorOptions, 'host' | 'port' | 'fileHost'>;

export interface UploadedFile {
	field: string;
	filename: string;
	contentType: string;
	size: number;
	/** sha256 hex of the part's bytes. */
	sha256: string;
}

export interface LoggedRequest {
	host: 'api' | 'files';
	method: string;
	/** Path with query string. */
	path: string;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** Real ms since the simulator started, when the request arrived. */
	time: number;
	/** Set when answered; 'dropped' when the connection was cut (no answer or a cut body). */
	status?: number | 'dropped';
	taskId?: string;
	/** Parsed JSON for JSON submits and chat requests; `{ fields, files }` for multipart submits. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of whatever shape the simulator answered; tests read fields off it
	body?: any;
	/** Refused with 429 by the per-key request limit (statusReadsPerSecond, submitsPerMinute). */
	limited?: boolean;
	/** What the scripted chat model answered (POST /v1/chat/completions). */
	reply?: ChatReply;
}

/** The scripted chat model's answer: a call of the first offered tool, or text. */
export type ChatReply =
	| { toolCall: { id: string; name: string; arguments: Record<string, unknown> } }
	| { text: string };

export type TaskStatus = 'queued' | 'processing' | 'completed' | 'failed';

export interface SimTask {
	id: string;
	/** The key that created it; other keys get 404 (newapi: 400 task_not_exist). */
	key: string;
	model: string;
	prompt: string;
	seconds?: string;
	size?: string;
	inputReference: string[];
	files: UploadedFile[];
	/** The submit's whole parsed body: the JSON object, or a multipart body's text fields (files are in `files`). */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the client sent; tests read fields off it
	body: Record<string, any>;
	fate: 'complete' | 'fail' | 'never';
	/** Simulated ms (see Simulator.now). */
	createdAt: number;
	/** Simulated ms when processing starts. */
	startedAt: number;
	/** Simulated ms of processing. */
	jobMs: number;
	/** Simulated ms when it becomes completed; undefined for [fail] and [never] tasks. */
	completedAt?: number;
	/** Simulated ms when a [fail] task fails. */
	failedAt?: number;
	/** State now. */
	status(): { status: TaskStatus; progress: number };
}

export interface Simulator {
	/** API root without /v1, e.g. http://127.0.0.1:43123 */
	url: string;
	/** File host root. */
	fileUrl: string;
	/** The first valid key. */
	apiKey: string;
	requests: LoggedRequest[];
	tasks: Map<string, SimTask>;
	/** Logged POST /v1/videos requests. */
	submits(): LoggedRequest[];
	/** Logged POST /v1/chat/completions requests (the scripted chat model's turns). */
	chats(): LoggedRequest[];
	/** Logged GET /v1/videos/:id requests (not /content), optionally for one task. */
	polls(taskId?: string): LoggedRequest[];
	/** Logged requests the per-key request limit refused (429), of one endpoint or all. */
	refused(endpoint?: 'status' | 'submit'): LoggedRequest[];
	/** sha256 hex of the exact video bytes served (the same for every task). */
	videoSha256(taskId?: string): string;
	readonly videoSize: number;
	readonly thumbnailSha256: string;
	/** Simulated ms now (the clock of createdAt/completedAt). */
	now(): number;
	configure(options: RuntimeOptions): void;
	close(): Promise<void>;
}

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;

import type { TaskStatus } from './types';

/**
 * Where each gateway puts things in a task answer, and how it spells states. Data, not branches
 * (STYLE.md › Model families): a new relay's shape is a new row here, read by normalize.ts.
 * SPEC.md › "The real gateway: new-api" is the evidence for the rows that name new-api.
 */
export type Place = ReadonlyArray<string | number>;

export interface PlaceRow {
	at: Place;
	/** Which gateway answers this way: why the row exists. */
	who: string;
}

/** The submit answer's id: new-api gives `task_id` and `id`, equal; OpenAI only `id`. */
export const TASK_ID_PLACES: readonly Place[] = [['task_id'], ['id'], ['taskId']];

/** A body with a string here is a task, `""` included (new-api's submit answer: not started). */
export const STATUS_PLACES: readonly Place[] = [['status'], ['state']];

export const VIDEO_URL_PLACES: readonly PlaceRow[] = [
	{ at: ['video_url'], who: 'the document; relays in front of Sora and Grok; some put a data: URL here' },
	{ at: ['videoUrl'], who: 'relays that answer in camel case' },
	{ at: ['url'], who: 'relays that answer with a bare url' },
	{ at: ['metadata', 'url'], who: "new-api's own video object (Kling, Doubao/Seedance, Ali/Wan, happyhorse); empty until completed" },
	{ at: ['metadata', 'video_url'], who: "the provider's own Kling client reads the URL here" },
	{ at: ['result_url'], who: 'other relays behind new-api' },
	{ at: ['task_result', 'videos', 0, 'url'], who: "Kling's native task answer, relayed as it is" },
	{ at: ['output', 'video_url'], who: 'new-api forks with an `output` object' },
];

/** new-api has no thumbnails: only an answer that names one has one. */
export const THUMBNAIL_URL_PLACES: readonly PlaceRow[] = [
	{ at: ['thumbnail_url'], who: 'the document' },
	{ at: ['thumbnailUrl'], who: 'relays that answer in camel case' },
	{ at: ['output', 'thumbnail_url'], who: 'new-api forks with an `output` object' },
];

/**
 * When the gateway last changed the task. new-api answers its stored state, which changes only
 * when its background poller visits the task, and fills `completed_at` with that last update
 * time while the task is still running (`ToOpenAIVideo`: `CompletedAt = t.UpdatedAt`).
 */
export const UPDATE_TIME_PLACES: readonly PlaceRow[] = [
	{ at: ['updated_at'], who: 'relays that name it' },
	{ at: ['completed_at'], who: "new-api's own video object: the last update time, until the task has finished" },
];

/**
 * Every spelling of the four states seen from the gateways (SPEC.md), matched without case.
 * An unknown spelling inside a task body is taken as still running, so the waiter keeps watching.
 */
export const STATUS_SPELLINGS: Readonly<Record<string, TaskStatus>> = {
	// new-api's submit answer: the task exists and has not started.
	'': 'queued',
	// new-api's video object before the first upstream answer.
	unknown: 'queued',
	// relays behind new-api.
	initializing: 'queued',
	not_start: 'queued',
	not_started: 'queued',
	submitted: 'queued',
	queued: 'queued',
	pending: 'queued',
	waiting: 'queued',
	created: 'queued',
	in_progress: 'processing',
	processing: 'processing',
	running: 'processing',
	generating: 'processing',
	started: 'processing',
	// `succeed` and `Success` come from relays behind new-api; `SUCCESS` from new-api's task model.
	completed: 'completed',
	complete: 'completed',
	succeed: 'completed',
	succeeded: 'completed',
	success: 'completed',
	done: 'completed',
	finished: 'completed',
	fail: 'failed',
	failed: 'failed',
	failure: 'failed',
	error: 'failed',
	timeout: 'failed',
	cancelled: 'failed',
	canceled: 'failed',
	expired: 'failed',
	rejected: 'failed',
};

/** The contract's output shape: what every dialect of the API is normalised into. */
export type TaskStatus = 'queued' | 'processing' | 'completed' | 'failed';

export interface TaskError {
	message: string;
	type: string | null;
	code: string | null;
}

export interface Task {
	task_id: string;
	status: TaskStatus;
	progress: number;
	video_url: string | null;
	thumbnail_url: string | null;
	seconds: number | null;
	width: number | null;
	height: number | null;
	file_size: number | null;
	created_at: string | null;
	completed_at: string | null;
	expires_at: string | null;
	message: string | null;
	error?: TaskError;
}

/** What the node asks the API for one item, already validated. */
export interface SubmitRequest {
	model: string;
	prompt: string;
	seconds?: string;
	size?: string;
	referenceUrls: string[];
	referenceFiles: ReferenceFile[];
	/** Reference Video / Audio URLs, sent in the model's own fields (`videos`, `audios`). */
	referenceVideoUrls?: string[];
	referenceAudioUrls?: string[];
	/** Options › Additional Body Fields: merged into the body last. */
	additionalBodyFields: Record<string, unknown>;
}

export interface ReferenceFile {
	property: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed'];

export function isTerminal(task: Pick<Task, 'status'>): boolean {
	return TERMINAL_STATUSES.includes(task.status);
}

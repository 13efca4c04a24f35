/** Plain-JSON helpers shared by every floor that reads an answer. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with something in it (trimmed), or a finite number as text; null for anything else. */
export function textOf(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** An HTML or text page, as one readable line (scripts and styles dropped, tags as spaces). */
export function pageText(body: string, maxChars = 200): string {
	const line = body
		.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return line.length > maxChars ? `${line.slice(0, maxChars)}…` : line;
}

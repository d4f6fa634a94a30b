/** Vietnamese names of an article's states (the list and the editor; kept out of the editor's client module). */
export const ARTICLE_STATUS_LABELS = { draft: 'Bản nháp', published: 'Đã đăng' } as const;

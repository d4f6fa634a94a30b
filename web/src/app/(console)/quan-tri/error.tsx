'use client';

/** A console screen that failed to render: the shell stays, with a retry. */
export default function ConsoleError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl bg-white p-8 text-center">
      <h1 className="mb-2 text-xl font-bold">Không tải được trang này</h1>
      <p className="mb-6 text-slate-600">Máy chủ tạm thời không trả lời. Vui lòng thử lại sau giây lát.</p>
      <button type="button" onClick={reset} className="btn-primary">
        Thử lại
      </button>
    </div>
  );
}

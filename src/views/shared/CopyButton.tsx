// A button that copies a text value to the clipboard and says so.
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'idle' | 'ok' | 'fail'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('ok');
    } catch {
      try {
        const area = document.createElement('textarea');
        area.value = text;
        document.body.append(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        setDone(ok ? 'ok' : 'fail');
      } catch {
        setDone('fail');
      }
    }
    setTimeout(() => setDone('idle'), 1500);
  };
  return (
    <button
      type="button"
      className="tlv-copy"
      onClick={copy}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
    >
      {done === 'ok' ? 'Copied' : done === 'fail' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

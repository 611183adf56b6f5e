// Where files come in: a drop target with buttons for the file picker and the folder picker.
// Dropping works anywhere on the page (the app root listens); this box says so.
import { type ChangeEvent, useRef } from 'react';
import { type DroppedFile, filesFromInput } from '../ingest/folder-walk';

export interface DropZoneProps {
  onFiles: (files: DroppedFile[]) => void;
  walking: number | null;
  compact?: boolean;
}

const DIRECTORY_ATTRS = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function DropZone({ onFiles, walking, compact }: DropZoneProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const list = e.target.files;
    if (list && list.length > 0) onFiles(filesFromInput(list));
    e.target.value = '';
  };
  return (
    <section
      className={compact ? 'drop-zone compact' : 'drop-zone'}
      data-testid="drop-zone"
      aria-labelledby="drop-title"
    >
      <h2 id="drop-title" className="drop-title">
        {compact ? 'Add more files' : 'Drop artifacts, folders or zip/gzip archives here'}
      </h2>
      {!compact && (
        <p className="drop-hint">
          Everything stays in this browser tab: files are read locally, nothing is uploaded.
        </p>
      )}
      <div className="drop-buttons">
        <button
          type="button"
          className="primary"
          onClick={() => fileInput.current?.click()}
          data-testid="pick-files"
        >
          Choose files…
        </button>
        <button type="button" onClick={() => folderInput.current?.click()} data-testid="pick-folder">
          Choose a folder…
        </button>
      </div>
      {walking !== null && (
        <p className="walk-status" role="status" data-testid="walk-status">
          Reading folders… {walking.toLocaleString('en-US')} files found
        </p>
      )}
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        multiple
        tabIndex={-1}
        aria-hidden="true"
        onChange={onChange}
        data-testid="file-input"
      />
      <input
        ref={folderInput}
        className="visually-hidden"
        type="file"
        multiple
        tabIndex={-1}
        aria-hidden="true"
        onChange={onChange}
        data-testid="folder-input"
        {...DIRECTORY_ATTRS}
      />
    </section>
  );
}

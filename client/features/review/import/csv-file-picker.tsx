/**
 * The two controls every CSV import screen starts with (comparison results, unit lists, accounts): the
 * template to fill in, and the file to read.
 */
export function CsvFilePicker({
  id,
  onTemplate,
  onFile,
}: {
  /** The file input's id (tests and the label find it by its label, 选择 CSV 文件). */
  id: string;
  onTemplate: () => void;
  onFile: (file: File | undefined) => void;
}) {
  return (
    <>
      <div className="review-page__actions">
        <button type="button" className="button" onClick={onTemplate}>
          下载模板
        </button>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={id}>
          选择 CSV 文件
        </label>
        <input
          id={id}
          className="field__input review-file-input"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => onFile(event.target.files?.[0])}
        />
      </div>
    </>
  );
}

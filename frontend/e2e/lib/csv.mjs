// Counts the records of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line
// breaks, so counting lines is not enough), without the header row.
export function csvRecordCount(text) {
  let records = 0;
  let inQuotes = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') i += 1;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') {
      inQuotes = true;
      fieldStarted = true;
    } else if (c === "\n") {
      records += 1;
      fieldStarted = false;
    } else if (c !== "\r") {
      fieldStarted = true;
    }
  }
  if (fieldStarted) records += 1; // no trailing newline after the last record
  return Math.max(0, records - 1);
}

/** A run of text with where it came from: a PDF page, or a heading path in a structured document. */
export interface TextUnit {
  text: string;
  /** 1-based page number (PDF, or text with form feeds); null otherwise. */
  page: number | null;
  /** Heading path such as "Cells › Membranes"; null when the document has no headings there. */
  section: string | null;
}

/** What every extractor returns. */
export interface ExtractedDocument {
  units: TextUnit[];
  pageCount: number | null;
  /** The document's own title (PDF metadata, HTML <title>, first H1), when it has one. */
  title: string | null;
}

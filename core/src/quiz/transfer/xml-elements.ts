/** One element found by {@link xmlElements}: its start tag's attribute text and its content (none when self-closing). */
export interface XmlElement {
  attrs: string;
  body: string | undefined;
  /** Where the element starts (its "<") and ends (after its last ">") in the text searched. */
  start: number;
  end: number;
}

/**
 * The `tag` elements of `xml` in document order, with or without a namespace prefix (`<row>`,
 * `<x:row>`), not nested in each other. A scan forward with indexOf, never a backtracking pattern over
 * the content, so a crafted part costs time linear in its size; a start tag without its end calls
 * `broken`, which throws.
 */
export function* xmlElements(xml: string, tag: string, broken: () => never): Generator<XmlElement> {
  const open = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?)${tag}(?=[\\s/>])`, "g");
  for (let match = open.exec(xml); match; match = open.exec(xml)) {
    const tagEnd = xml.indexOf(">", open.lastIndex);
    if (tagEnd < 0) broken();
    if (xml[tagEnd - 1] === "/") {
      yield {
        attrs: xml.slice(open.lastIndex, tagEnd - 1),
        body: undefined,
        start: match.index,
        end: tagEnd + 1,
      };
      open.lastIndex = tagEnd + 1;
      continue;
    }
    const close = `</${match[1]}${tag}>`;
    const closeAt = xml.indexOf(close, tagEnd + 1);
    if (closeAt < 0) broken();
    const end = closeAt + close.length;
    yield {
      attrs: xml.slice(open.lastIndex, tagEnd),
      body: xml.slice(tagEnd + 1, closeAt),
      start: match.index,
      end,
    };
    open.lastIndex = end;
  }
}

/** The first `tag` element of `xml`, if any. */
export function firstXmlElement(xml: string, tag: string, broken: () => never): XmlElement | undefined {
  for (const element of xmlElements(xml, tag, broken)) return element;
  return undefined;
}

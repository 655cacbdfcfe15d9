/* planpress: the site search's worker, in place of Material's (planpress/site/searchindex.py).
 *
 * It answers the messages Material's search box sends its worker (0 setup → 1 ready, 2 query →
 * 3 result with the same result items), but loads the index piece by piece: the manifest when
 * the search box is first touched (theme/assets/javascripts/planpress.js says so on a
 * BroadcastChannel), then per query only the shards of the query's words and the files of the
 * pages it shows with their text. A query is read as staff type it in an emergency:
 *
 *   1. NFKC, lower case; split at Material's separator; Chinese runs cut into words by the
 *      longest words known: the synonym groups, the words to leave out, then the index's own
 *      tokens (the shards of the characters not covered yet);
 *   2. the words to leave out dropped (了, 怎么办 …), unless nothing else is left;
 *   3. each word searched with its synonym group (着火 → 火灾 …; a directory entry's other names);
 *   4. a Chinese word of two characters or more is found inside a token (值班 in 值班人员, 漏水 in
 *      突发漏水), anything else at a token's start, as Material's trailing wildcard does; a token
 *      that is the word itself counts fully, one that starts with it 0.7, one that holds it 0.5;
 *   5. sections scored as Material's lunr scores them (BM25, the title boosted, the share of words
 *      found, a page's own entry first), except that a title's length counts: a word that is most
 *      of a short title (the directory's 行政总值班) weighs more than one in a long clause; grouped
 *      by page, the best pages get their sections with the words marked, the rest their title.
 */
"use strict"

const SEARCH = new URL("../../../search/", self.location)  /* the site's search/ folder */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SHOWN_PAGES = 6  /* pages shown with their sections (one round of a browser's 6 connections); the rest by title */
const K1 = 1.2
const B_TITLE = 0.75  /* a title's length counts (BM25's b); a text's does not, as in Material (b = 0) */
const EXCERPT = 160  /* characters of a long block around its first mark */
const HAN = /\p{Script=Han}/u
/* How well a token matches a word of the query or of its group: the word itself (a synonym the
 * hospital listed, 行政总值班 for 值班), a token starting with it, a token holding it. */
const EXACT = 1, PREFIX = 0.7, INSIDE = 0.5
const BORROWED = 0.6  /* an unknown word's groups, found through a character they share with it */
const HAN_RUNS = /(\p{Script=Han}+)/u
const OPERATORS = /[*+~^:"]/g

let manifest = null
const shards = new Map()
const pageFiles = new Map()
let latest = 0

function fetchJSON(url, options) {
  return fetch(url, options).then(response => {
    if (!response.ok)
      throw new Error(`${response.status} ${url}`)
    return response.json()
  })
}

/* The current index: manifest.json is revalidated, the files it names never change. */
function load() {
  if (!manifest)
    manifest = fetchJSON(new URL("manifest.json", SEARCH), { cache: "no-cache" })
      .then(prepare)
      .catch(error => { manifest = null; throw error })
  return manifest
}

function prepare(data) {
  const groups = new Map()  /* word → the groups it is in */
  data.words.groups.forEach(([members, present], index) => {
    for (const word of members) {
      const key = normalise(word)
      if (!groups.has(key))
        groups.set(key, [])
      groups.get(key).push({ members: members.map(normalise), present: new Set(present.map(normalise)), index })
    }
  })
  data.groupsOf = groups
  data.ignored = new Set(data.words.ignore.map(normalise))
  data.known = new Set([...groups.keys(), ...data.ignored])
  /* Listed words of three characters or more, by their first character: found with a word or two
   * between their characters (灯都灭了 holds 灯灭了, 电脑中了病毒 电脑中毒…). */
  data.gapped = new Map()
  /* The groups of listed words by each character of theirs: an unknown word no token holds is
   * read character by character (有烟味: 烟 of 冒烟 and 烟雾 → 火灾). */
  data.byChar = new Map()
  for (const [word, found] of groups) {
    const chars = Array.from(word)
    if (!HAN.test(word) || data.ignored.has(word))
      continue
    if (chars.length >= 3) {
      if (!data.gapped.has(chars[0]))
        data.gapped.set(chars[0], [])
      data.gapped.get(chars[0]).push(word)
    }
    for (const char of new Set(chars)) {
      if (!data.byChar.has(char))
        data.byChar.set(char, new Set())
      found.forEach(group => data.byChar.get(char).add(group))
    }
  }
  data.longestKnown = Math.max(1, ...[...data.known].map(word => word.length))
  data.split = new RegExp(data.separator, "u")
  data.splitKeeping = new RegExp(`(${data.separator})`, "u")
  data.firsts = data.pages.map(page => page[2])
  return data
}

function normalise(value) {
  return escape(value.normalize("NFKC").toLowerCase())
}

/* The index's tokens are HTML-escaped as Material's search plugin wrote them. */
function escape(value) {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}

/* The key a word is looked up under (searchindex.keys): a Chinese word of two characters or more
 * by its first pair (it may stand inside a token), anything else by its first character. */
function keyOf(word) {
  const chars = Array.from(word)
  return inside(word) ? chars[0] + chars[1] : chars[0]
}

function inside(word) {
  return Array.from(word).length > 1 && HAN.test(word)
}

/* searchindex.bucket */
function bucket(m, key) {
  const [first, second] = Array.from(key)
  let value = first.codePointAt(0)
  if (second !== undefined)
    value = value * 31 + second.codePointAt(0)
  return value % m.shards
}

function shard(m, number) {
  if (!shards.has(number))
    shards.set(number, fetchJSON(new URL(`${m.folder}s/${number}.json`, SEARCH))
      .catch(error => { shards.delete(number); throw error }))
  return shards.get(number)
}

function pageFile(m, number) {
  if (!pageFiles.has(number))
    pageFiles.set(number, fetchJSON(new URL(`${m.folder}p/${number}.json`, SEARCH))
      .catch(error => { pageFiles.delete(number); throw error }))
  return pageFiles.get(number)
}

/* Loaded shards by number, for the keys given. */
async function shardsFor(m, keys) {
  const numbers = [...new Set([...keys].map(key => bucket(m, key)))]
  const loaded = await Promise.all(numbers.map(number => shard(m, number)))
  return new Map(numbers.map((number, i) => [number, loaded[i]]))
}

/* -- the query ------------------------------------------------------------------------------ */

/* The pieces of a query: Chinese runs and other words (numbers, letters), normalised. */
function pieces(m, query) {
  const found = []
  for (const piece of normalise(query).replace(OPERATORS, " ").split(m.split))
    for (const part of piece.split(HAN_RUNS))
      if (part)
        found.push({ text: part, han: HAN.test(part) })
  return found
}

/* Cut a Chinese run into words: as few unknown characters as possible, then as few words, then
 * as few characters skipped; `vocabulary(i)` gives the words that may start at i, `gapped(i)` the
 * listed words found from i with characters between theirs ([word, length in the run, skipped]).
 * Unknown neighbours stay one word. */
function cut(run, vocabulary, gapped = () => []) {
  const n = run.length
  const best = new Array(n + 1).fill(null)
  best[n] = { unknown: 0, words: 0, skipped: 0, next: n, known: true }
  for (let i = n - 1; i >= 0; i--) {
    const options = vocabulary(i).filter(word => run.startsWith(word, i)).map(word => [word.length, true, word, 0])
    for (const [word, length, skipped] of gapped(i))
      options.push([length, true, word, skipped])
    options.push([1, false, run[i], 0])
    for (const [length, known, word, skipped] of options) {
      const rest = best[i + length]
      const cost = { unknown: rest.unknown + (known ? 0 : 1), words: rest.words + 1, skipped: rest.skipped + skipped,
                     next: i + length, known, word }
      const current = best[i]
      if (!current || cost.unknown < current.unknown || (cost.unknown === current.unknown
          && (cost.words < current.words || (cost.words === current.words && (cost.skipped < current.skipped
          || (cost.skipped === current.skipped && length > current.next - i))))))
        best[i] = cost
    }
  }
  const words = []
  for (let i = 0, pending = ""; i <= n; i = best[i].next) {
    if (i === n) {
      if (pending)
        words.push({ text: pending, known: false })
      break
    }
    const word = best[i].known ? best[i].word : run.slice(i, best[i].next)
    if (best[i].known) {
      if (pending)
        words.push({ text: pending, known: false })
      pending = ""
      words.push({ text: word, known: true })
    } else {
      pending += word
    }
  }
  return words
}

/* The listed words found from i of `run` with at most two characters between theirs in all. */
function gappedAt(m, run) {
  return i => {
    const found = []
    for (const word of m.gapped.get(run[i]) || []) {
      const chars = Array.from(word)
      let at = i, skipped = 0
      for (const char of chars.slice(1)) {
        const next = run.indexOf(char, at + 1)
        if (next < 0 || (skipped += next - at - 1) > 2) {
          skipped = -1
          break
        }
        at = next
      }
      if (skipped > 0)
        found.push([word, at + 1 - i, skipped])
    }
    return found
  }
}

function knownAt(m, run) {
  return i => {
    const found = []
    for (let length = Math.min(m.longestKnown, run.length - i); length > 0; length--)
      if (m.known.has(run.slice(i, i + length)))
        found.push(run.slice(i, i + length))
    return found
  }
}

/* The words of a query, each with its group's members and the tokens they match. */
async function analyse(m, query) {
  const parts = pieces(m, query)
  /* The keys to load: the characters of the Chinese not covered by a known word (the words that
   * may start there), the keys of other words and of the members of the groups met (only the
   * members the index holds). */
  const keys = new Set()
  for (const part of parts) {
    if (!part.han) {
      keys.add(keyOf(part.text))
      continue
    }
    for (const word of cut(part.text, knownAt(m, part.text), gappedAt(m, part.text))) {
      if (!word.known) {
        for (const char of word.text) keys.add(char)
        if (inside(word.text))
          keys.add(keyOf(word.text))
      } else {
        for (const group of m.groupsOf.get(word.text) || [])
          for (const member of group.present) keys.add(keyOf(member))
      }
    }
  }
  let loaded = await shardsFor(m, keys)
  const starting = (run) => {
    const known = knownAt(m, run)
    return i => {
      const words = known(i)
      const tokens = loaded.get(bucket(m, run[i]))  /* the tokens filed under their first character */
      if (tokens)
        for (const token of Object.keys(tokens))
          if (token[0] === run[i])
            words.push(token)
      return words
    }
  }
  let words = []
  const unknown = new Set()  /* the Chinese runs neither a listed word nor a token's start */
  for (const part of parts)
    for (const word of part.han ? cut(part.text, starting(part.text), gappedAt(m, part.text)) : [{ text: part.text, known: true }]) {
      words.push(word.text)
      if (!word.known)
        unknown.add(word.text)
    }
  const kept = words.filter(word => !m.ignored.has(word))
  words = [...new Set(kept.length ? kept : words)]
  /* A Chinese word neither listed nor held by any token (烟味, 漫出来) is read by its characters:
   * the groups of the listed words that share one stand in for it, at a lower weight. */
  const borrowed = new Map()
  for (const word of words)
    if (unknown.has(word) && !(loaded.has(bucket(m, keyOf(word))) && held(loaded.get(bucket(m, keyOf(word))), word))) {
      const chosen = likest(m, word)
      if (chosen.length)
        borrowed.set(word, chosen)
    }
  /* Words and members of groups found only now (the first cut did not see them) need their shards. */
  const groupsOf = word => [...(m.groupsOf.get(word) || []), ...(borrowed.get(word) || [])]
  const more = new Set()
  for (const word of words)
    for (const member of [word, ...groupsOf(word).flatMap(group => [...group.present])])
      if (!loaded.has(bucket(m, keyOf(member))))
        more.add(keyOf(member))
  if (more.size)
    loaded = new Map([...loaded, ...await shardsFor(m, more)])
  return words.map(word => {
    const members = new Set([word])
    for (const group of groupsOf(word))
      for (const member of group.present)
        members.add(member)
    const weight = borrowed.has(word) ? BORROWED : 1
    const tokens = new Map()  /* token → {postings, quality} */
    for (const member of members) {
      const within = inside(member)
      const found = loaded.get(bucket(m, keyOf(member))) || {}
      for (const [token, postings] of Object.entries(found)) {
        const quality = weight * (token === member ? EXACT : token.startsWith(member) ? PREFIX
          : within && token.includes(member) ? INSIDE : 0)
        if (quality > (tokens.get(token) || { quality: 0 }).quality)
          tokens.set(token, { postings, quality })
      }
    }
    return { text: word, tokens }
  })
}

/* The groups most like an unknown word: by how many of their listed words share each of its
 * characters (水漫出来: 水 in 13 words of 漏水's group, 来 in one of 火灾's), those at least half
 * as like it as the likest. */
function likest(m, word) {
  const hits = new Map()
  for (const char of new Set(Array.from(word)))
    for (const group of m.byChar.get(char) || [])
      hits.set(group, (hits.get(group) || 0) + group.members.filter(member => member.includes(char)).length)
  const most = Math.max(0, ...hits.values())
  return [...hits].filter(([, count]) => count * 2 >= most).map(([group]) => group)
}

/* Whether a shard holds a token that `word` finds (the word itself, a token starting with it,
 * or holding it). */
function held(tokens, word) {
  const within = inside(word)
  return Object.keys(tokens).some(token => token.startsWith(word) || (within && token.includes(word)))
}

/* -- scoring and results ------------------------------------------------------------------- */

function saturate(count, length = 1) {
  return count ? count * (K1 + 1) / (count + K1 * length) : 0
}

function score(m, words) {
  const sections = new Map()  /* section → {score, found: Set of word numbers, tokens: Set} */
  words.forEach((word, w) => {
    const best = new Map()
    for (const [token, { postings, quality }] of word.tokens) {
      const documents = postings.length / 2
      const idf = Math.log(1 + Math.abs((m.sections - documents + 0.5) / (documents + 0.5)))
      for (let i = 0, section = 0; i < postings.length; i += 2) {
        section += postings[i]
        const counts = postings[i + 1]
        const title = Math.floor(counts / 64)
        const length = 1 - B_TITLE + B_TITLE * Math.floor(title / 64) / m.titleLength
        const value = quality * idf * (m.boosts.title * saturate(title % 64, length) + m.boosts.text * saturate(counts % 64))
        const entry = best.get(section)
        if (!entry)
          best.set(section, { value, tokens: [token] })
        else {
          entry.value = Math.max(entry.value, value)
          entry.tokens.push(token)
        }
      }
    }
    for (const [section, { value, tokens }] of best) {
      let entry = sections.get(section)
      if (!entry)
        sections.set(section, entry = { score: 0, found: new Set(), tokens: new Set() })
      entry.score += value
      entry.found.add(w)
      tokens.forEach(token => entry.tokens.add(token))
    }
  })
  for (const [section, entry] of sections) {
    const page = pageOf(m, section)
    const boost = +(m.firsts[page] === section) + entry.found.size / words.length
    entry.score *= 1 + boost ** 2
    entry.page = page
  }
  return sections
}

function pageOf(m, section) {
  let low = 0, high = m.firsts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (m.firsts[middle] <= section)
      low = middle
    else
      high = middle - 1
  }
  return low
}

/* A title with the tokens found marked. */
function highlight(m, value, tokens) {
  return value.split(/(<[^>]*>)/).map((part, p) => p % 2 ? part : mark(m, part, tokens).html).join("")
}

/* Text with the tokens found marked: `html` the pieces, `first` the index of the first mark. */
function mark(m, text, tokens) {
  const pieces = text.split(m.splitKeeping)
  let first = -1
  const marked = pieces.map((piece, i) => {
    if (i % 2 || !tokens.has(piece.toLowerCase()))
      return piece
    if (first < 0)
      first = i
    return `<mark>${piece}</mark>`
  })
  return { pieces, marked, first, html: marked.join("") }
}

/* At most two blocks of a section's text (paragraphs, list items, runs of table text) that hold
 * a mark, or its first block when none does; a long block cut to the words around its first mark. */
function excerpt(m, value, tokens) {
  const blocks = []
  let depth = 0, start = 0
  for (const match of value.matchAll(/<(\/?)[^>]*>/g)) {
    if (match[1]) {
      if (--depth === 0) {
        blocks.push(value.slice(start, match.index + match[0].length))
        start = match.index + match[0].length
      }
    } else if (depth++ === 0) {
      if (value.slice(start, match.index).trim())
        blocks.push(value.slice(start, match.index))
      start = match.index
    }
  }
  if (value.slice(start).trim())
    blocks.push(value.slice(start))
  const done = blocks.map(block => {
    const [, open, inner, close] = block.match(/^(<[^>]*>)?([\s\S]*?)(<\/[^>]*>)?$/)
    const found = mark(m, inner.replace(/<[^>]*>/g, ""), tokens)
    let from = 0, to = found.pieces.length
    if (inner.length > EXCERPT) {
      from = Math.max(0, found.first - 10)
      from -= from % 2
      let length = 0
      for (to = from; to < found.pieces.length && length < EXCERPT; to++)
        length += found.pieces[to].length
    }
    const html = (open || "") + (from > 0 ? "…" : "") + found.marked.slice(from, to).join("")
      + (to < found.pieces.length ? "…" : "") + (close || "")
    return { html, marked: found.first >= 0 }
  })
  const chosen = done.some(block => block.marked) ? done.filter(block => block.marked).slice(0, 2) : done.slice(0, 1)
  return chosen.map(block => block.html).join("")
}

function terms(words, entry) {
  const found = {}
  if (entry)
    for (const token of entry.tokens)
      found[token] = true
  words.forEach((word, w) => {
    if (!entry || !entry.found.has(w))
      found[word.text] = false
  })
  return found
}

async function search(query) {
  if (!query.replace(OPERATORS, "").trim())  /* Material asks with the empty box on every page */
    return { items: [] }
  const m = await load()
  const words = (await analyse(m, query)).filter(word => word.text)
  if (!words.length)
    return { items: [] }
  const sections = score(m, words)
  const pages = new Map()  /* page → its best section's entry */
  for (const [, entry] of sections)
    if (!pages.has(entry.page) || entry.score > pages.get(entry.page).score)
      pages.set(entry.page, entry)
  const ranked = [...pages].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).map(([page]) => page)
  const shown = new Set(ranked.slice(0, SHOWN_PAGES))
  const texts = new Map()
  for (const records of await Promise.all([...shown].map(page => pageFile(m, page))))
    for (const [section, location, title, text] of records)
      texts.set(section, { location, title, text })
  const byPage = new Map()
  for (const [section, entry] of sections)
    if (shown.has(entry.page)) {
      if (!byPage.has(entry.page))
        byPage.set(entry.page, [])
      byPage.get(entry.page).push([section, entry])
    }
  const items = ranked.map(page => {
    const [location, title, first] = m.pages[page]
    if (!shown.has(page))
      return [{ location, title, text: "", score: pages.get(page).score, terms: terms(words, pages.get(page)) }]
    const found = byPage.get(page)
    if (!found.some(([section]) => section === first))
      found.push([first, null])
    return found.map(([section, entry]) => {
      const record = texts.get(section)
      const marks = new Set(entry ? entry.tokens : [])
      return {
        location: record.location,
        title: highlight(m, record.title, marks),
        text: excerpt(m, record.text, marks),
        score: entry ? entry.score : 0,
        terms: terms(words, entry)
      }
    }).sort((a, b) => b.score - a.score)
  })
  return { items }
}

/* -- messages ------------------------------------------------------------------------------- */

addEventListener("message", async event => {
  const { type, data } = event.data
  if (type === SETUP) {
    postMessage({ type: READY })
  } else if (type === QUERY) {
    const ticket = ++latest
    let result
    try {
      result = await search(String(data || ""))
    } catch (error) {
      console.warn(`planpress search: ${error}`)
      result = { items: [] }
    }
    if (ticket === latest)  /* a later query's answer replaces this one */
      postMessage({ type: RESULT, data: result })
  }
})

/* The search box was touched: fetch the manifest while the query is typed. */
if (typeof BroadcastChannel !== "undefined")
  new BroadcastChannel("planpress-search").onmessage = () => load().catch(() => {})

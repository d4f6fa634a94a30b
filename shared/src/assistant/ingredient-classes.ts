/**
 * Ingredient classes the assistant never recommends, names or doses (#18, ADR 0044): antibiotics, hormones (incl.
 * corticosteroids) and controlled substances. THE data for "restricted class", in one place: the rails test a
 * product's ingredient names and the model's text against these folded stems (`foldVietnamese`). Vietnamese and INN
 * spellings both appear (amoxicilin / amoxicillin: stems are cut before the doubled letter).
 */
import { foldVietnamese } from '../text';

export const RESTRICTED_CLASSES = ['antibiotic', 'hormone', 'controlled'] as const;
export type RestrictedClass = (typeof RESTRICTED_CLASSES)[number];

/** Stems matched at the start of a word of the folded text. */
export const RESTRICTED_STEMS: Record<RestrictedClass, readonly string[]> = {
  antibiotic: [
    'amoxi', 'ampici', 'augmentin', 'penicil', 'cloxaci', 'oxaci', 'cefa', 'cefi', 'cefo', 'cefu', 'cefp', 'cefr', 'cefta', 'ceftr', 'cefd', 'cephal',
    'azithro', 'clarithro', 'erythro', 'roxithro', 'spiramy', 'rodogyl', 'doxycy', 'tetracy', 'minocy', 'ciproflo', 'levoflo', 'ofloxa', 'moxiflo', 'norflo',
    'metronida', 'tinida', 'clindamy', 'lincomy', 'gentami', 'tobramy', 'amikaci', 'neomy', 'streptomy', 'vancomy', 'linezol', 'fosfomy', 'nitrofura',
    'cotrimox', 'sulfamethox', 'bactrim', 'trimethop', 'chloramphe', 'cloramphe', 'rifampi', 'isoniazi', 'meropen', 'imipen', 'colisti', 'fusidic', 'mupiroci', 'khang sinh',
  ],
  hormone: [
    'prednis', 'methylpred', 'dexameth', 'betameth', 'hydrocort', 'triamcin', 'fluticas', 'budeson', 'mometas', 'clobetas', 'corticoid', 'corticoster',
    'estradi', 'estrogen', 'ethinyl', 'levonorg', 'progest', 'desogest', 'drospir', 'cyproter', 'testoster', 'levothyr', 'thyrox', 'insulin', 'glucagon', 'somatrop', 'oxytoc', 'thuoc tranh thai', 'noi tiet to',
  ],
  controlled: [
    'codein', 'tramadol', 'morphin', 'oxycod', 'fentan', 'pethid', 'methado', 'buprenor', 'diazepa', 'lorazepa', 'alprazo', 'clonazepa', 'bromazepa', 'midazo', 'zolpid',
    'phenobarb', 'gabapent', 'pregaba', 'ketami', 'ephedri', 'pseudoephedri', 'thuoc gay nghien', 'huong than', 'thuoc ngu',
  ],
};

const PATTERNS: ReadonlyArray<[RestrictedClass, RegExp]> = RESTRICTED_CLASSES.map((k) => [
  k,
  new RegExp(`(?:^|[^a-z0-9])(?:${RESTRICTED_STEMS[k].map((s) => foldVietnamese(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`),
]);

/** The restricted class a text names (an ingredient list, a product name, a model sentence), or null. */
export function restrictedClassOf(text: string): RestrictedClass | null {
  const t = foldVietnamese(text);
  for (const [k, re] of PATTERNS) if (re.test(t)) return k;
  return null;
}

/// <reference path="./ttf.d.ts" />
/**
 * Be Vietnam Pro (regular and semibold), full TrueType files from npm with the Vietnamese and Latin glyphs in one file.
 * Workers bundle them as bytes (wrangler's `Data` module rule for `*.ttf`; the vitest config does the same in tests).
 * The one place the PDF fonts are imported: the consumer's invoice and the api's pick list and packing slip.
 */
import regular from '@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf';
import bold from '@expo-google-fonts/be-vietnam-pro/600SemiBold/BeVietnamPro_600SemiBold.ttf';
import type { PdfFonts } from './layout';

export const PDF_FONTS: PdfFonts = { regular, bold };

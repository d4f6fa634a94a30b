'use client';
/**
 * A link to an answer on the first page (`#cau-hoi-<id>`, the answer email's link): the browser's own fragment scroll
 * runs before React reveals this streamed section (a Suspense boundary), so the page would stay at the top. Scrolls
 * to the question once the section is shown. Older answers are read on to by MoreQuestions.
 */
import { useEffect } from 'react';
import { linkedQuestionId, questionAnchor } from '../../../../shared/src/questions/anchor';

export function ScrollToQuestion() {
  useEffect(() => {
    const id = linkedQuestionId(window.location.hash);
    if (id) document.getElementById(questionAnchor(id))?.scrollIntoView();
  }, []);
  return null;
}

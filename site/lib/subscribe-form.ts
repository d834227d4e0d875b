/**
 * Progressive enhancement of the signup form: post it with fetch and show the server's answer in
 * the form's status line, without leaving the page. Without JavaScript the form still works.
 */
interface Answer {
  ok: boolean;
  message: string;
}

async function submit(form: HTMLFormElement): Promise<Answer & { status: number }> {
  try {
    const response = await fetch('/api/subscribe', {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
    });
    const body = (await response.json().catch(() => null)) as Partial<Answer> | null;
    const message = typeof body?.message === 'string' ? body.message : `The server answered ${response.status}.`;
    return { ok: response.ok && body?.ok === true, message, status: response.status };
  } catch {
    return { ok: false, message: 'Could not reach the site. Check your connection and try again.', status: 0 };
  }
}

export function enhanceSubscribeForms(root: ParentNode): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-subscribe-form]')) {
    if (form.dataset.enhanced) continue;
    form.dataset.enhanced = 'true';
    const input = form.querySelector<HTMLInputElement>('input[name="email"]')!;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    const result = form.querySelector<HTMLElement>('.result')!;
    const show = (state: 'ok' | 'error' | 'pending', message: string) => {
      result.dataset.state = state;
      result.textContent = message;
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      show('pending', 'Sending…');
      const answer = await submit(form);
      button.disabled = false;
      show(answer.ok ? 'ok' : 'error', answer.message);
      // Only a problem with the address itself marks the field; the message is tied to it.
      input.setAttribute('aria-invalid', String(answer.status === 400));
      if (answer.ok) input.value = '';
      else input.focus();
    });
  }
}

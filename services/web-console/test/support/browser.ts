import type { Page } from 'playwright-core';

/** Picks an option of an Ant Design select: opens it by its input id, then clicks the option's text. */
export async function pick(page: Page, inputId: string, optionText: string): Promise<void> {
  // The selected value's label lies over the input: the click reaches the select through it.
  await page.locator(`#${inputId}`).click({ force: true });
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: optionText })
    .first()
    .click();
}

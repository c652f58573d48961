import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Wired in the foundation commit.
});

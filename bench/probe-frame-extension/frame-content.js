/* global chrome */
// Limit probe e (bench/host.ts): the least an extension can put beside a CRM record in a frame of
// its own, as Upnext's panel is shown (lib/panel-mount.ts): a host element with a closed shadow
// root, appended to <html>, holding a fixed iframe of an extension page with static content,
// the panel's width and the viewport's height. No script runs in the frame and nothing is sent;
// the page's SPA navigation changes nothing here.
const host = document.createElement('upnext-probe-frame');
const shadow = host.attachShadow({ mode: 'closed' });
const style = document.createElement('style');
style.textContent =
  ':host{all:initial!important}iframe{position:fixed;right:0;top:0;z-index:2147483647;border:0;' +
  'width:360px;height:100vh;display:block;box-shadow:-4px 2px 16px rgb(0 0 0/16%)}';
const frame = document.createElement('iframe');
frame.title = 'Probe';
frame.src = chrome.runtime.getURL('frame.html');
shadow.append(style, frame);
document.documentElement.append(host);

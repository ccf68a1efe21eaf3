// Start the telegram-test-api Bot API emulator on loopback for councilbot's end-to-end tests.
// Usage: node server.js PORT    (prints "ready <url>" when it listens)
//
// The emulator is used as published, with three documented corrections where its answers differ
// from the real Bot API in ways python-telegram-bot rejects (see the Bot API spec in shared/):
//   1. getMe's User lacks the required field is_bot;
//   2. callback_query updates lack the required field chat_instance;
//   3. sent messages carry `date` in milliseconds instead of Unix seconds;
//   4. editMessageText answers `null` instead of the edited Message.
'use strict';

const getMeRoute = require('telegram-test-api/lib/routes/bot/getMe');
const { handle } = require('telegram-test-api/lib/routes/bot/utils');

getMeRoute.getMe = (app) => {
  handle(app, '/bot:token/getMe', (_req, res) => {
    res.sendResult({
      ok: true,
      result: { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' },
    });
  });
};

const editRoute = require('telegram-test-api/lib/routes/bot/editMessageText');

editRoute.editMessageText = (app, telegramServer) => {
  handle(app, '/bot:token/editMessageText', (req, res) => {
    telegramServer.editMessageText(req.body);
    const stored = telegramServer.storage.botMessages.find(
      (u) => String(u.messageId) === String(req.body.message_id)
        && String(u.message.chat_id) === String(req.body.chat_id),
    );
    if (!stored) {
      res.status(400).json({
        ok: false, error_code: 400, description: 'Bad Request: message to edit not found',
      });
      return;
    }
    res.sendResult({
      ok: true,
      result: {
        message_id: stored.messageId,
        date: Math.floor(stored.time / 1000),
        chat: { id: Number(stored.message.chat_id), type: 'private', first_name: 'Bot' },
        text: stored.message.text,
      },
    });
  });
};

const { TelegramServer } = require('telegram-test-api/lib/telegramServer');

const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = formatUpdate(update);
  if (formatted.callback_query && !formatted.callback_query.chat_instance) {
    formatted.callback_query.chat_instance = String(formatted.callback_query.from.id);
  }
  return formatted;
};

const addBotMessage = TelegramServer.prototype.addBotMessage;
TelegramServer.prototype.addBotMessage = function addBotMessageInSeconds(raw, token) {
  const message = addBotMessage.call(this, raw, token);
  message.date = Math.floor(message.date / 1000);
  return message;
};

const port = Number(process.argv[2] || 9000);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(() => {
  process.stdout.write(`ready ${server.config.apiURL}\n`);
});
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));

/// The HTTP API's OpenAPI 3.1 document, served at `/api/openapi.json`; `make openapi` writes it to
/// `docs/api/openapi.json` (committed; a test checks the two are the same).
public enum OpenAPIDocument {
    public static let json = #"""
{
  "components": {
    "parameters": {
      "cursor": {
        "description": "next_cursor of the previous page",
        "in": "query",
        "name": "cursor",
        "required": false,
        "schema": {
          "pattern": "^[1-9][0-9]{0,17}$",
          "type": "string"
        }
      },
      "limit": {
        "in": "query",
        "name": "limit",
        "required": false,
        "schema": {
          "maximum": 500,
          "minimum": 1,
          "type": "integer"
        }
      },
      "model": {
        "in": "query",
        "name": "model",
        "required": false,
        "schema": {
          "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
          "type": "string"
        }
      },
      "modelID": {
        "in": "path",
        "name": "id",
        "required": true,
        "schema": {
          "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
          "type": "string"
        }
      }
    },
    "responses": {
      "Error": {
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        },
        "description": "a typed error"
      }
    },
    "schemas": {
      "Error": {
        "properties": {
          "error": {
            "properties": {
              "code": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "code",
              "message"
            ],
            "type": "object"
          }
        },
        "required": [
          "error"
        ],
        "type": "object"
      },
      "Event": {
        "description": "the recorded message as JSON (ModelDecision, RiskVerdict, OrderEvent or Fill; see PROTOCOL.md)",
        "type": "object"
      },
      "Leaderboard": {
        "properties": {
          "benchmarkSymbol": {
            "type": [
              "string",
              "null"
            ]
          },
          "note": {
            "type": "string"
          },
          "rows": {
            "items": {
              "properties": {
                "id": {
                  "type": "string"
                },
                "kind": {
                  "enum": [
                    "model",
                    "buy_and_hold",
                    "cash"
                  ],
                  "type": "string"
                }
              },
              "required": [
                "id",
                "kind",
                "decisions",
                "timeouts",
                "invalidReplies",
                "riskRejects"
              ],
              "type": "object"
            },
            "type": "array"
          },
          "sample": {
            "properties": {
              "days": {
                "type": "number"
              },
              "decisions": {
                "type": "integer"
              },
              "trades": {
                "type": "integer"
              }
            },
            "required": [
              "days",
              "trades",
              "decisions"
            ],
            "type": "object"
          }
        },
        "required": [
          "rows",
          "sample",
          "note"
        ],
        "type": "object"
      },
      "ServicePulse": {
        "properties": {
          "alerts": {
            "type": "integer"
          },
          "cpuSeconds": {
            "type": [
              "number",
              "null"
            ]
          },
          "cpuShare": {
            "type": [
              "number",
              "null"
            ]
          },
          "instance": {
            "type": "string"
          },
          "intervalMilliseconds": {
            "type": "integer"
          },
          "lastHeartbeatMilliseconds": {
            "type": "integer"
          },
          "messages": {
            "type": "integer"
          },
          "messagesPerSecond": {
            "type": [
              "number",
              "null"
            ]
          },
          "residentMemoryBytes": {
            "type": [
              "integer",
              "null"
            ]
          },
          "service": {
            "type": "string"
          },
          "state": {
            "type": "string"
          },
          "uptimeSeconds": {
            "type": "integer"
          }
        },
        "required": [
          "service",
          "instance",
          "state",
          "lastHeartbeatMilliseconds",
          "uptimeSeconds",
          "intervalMilliseconds",
          "messages",
          "alerts"
        ],
        "type": "object"
      },
      "TradingControlReply": {
        "properties": {
          "applied": {
            "type": "boolean"
          },
          "firstReceipt": {
            "type": "boolean"
          },
          "message": {
            "type": "string"
          },
          "requestID": {
            "type": "string"
          },
          "states": {
            "items": {
              "type": "object"
            },
            "type": "array"
          }
        },
        "required": [
          "requestID",
          "applied",
          "firstReceipt",
          "message",
          "states"
        ],
        "type": "object"
      },
      "TradingState": {
        "enum": [
          "ACTIVE",
          "REDUCING",
          "HALTED"
        ],
        "type": "string"
      }
    },
    "securitySchemes": {
      "admin": {
        "description": "reporter.admin_token (writes; disabled when not configured)",
        "scheme": "bearer",
        "type": "http"
      },
      "viewer": {
        "description": "reporter.viewer_token (reads; open when not configured)",
        "scheme": "bearer",
        "type": "http"
      }
    }
  },
  "info": {
    "description": "Read the leaderboard, NAV curves, decisions, verdicts, orders and fills; operator actions with the admin token. Every error is {\"error\":{\"code\",\"message\"}}. Lists are newest first with cursor pagination.",
    "title": "Alpha Arena reporter API",
    "version": "1.0.0"
  },
  "openapi": "3.1.0",
  "paths": {
    "/api/admin/kill": {
      "post": {
        "operationId": "killSwitch",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "reason": {
                    "maxLength": 500,
                    "type": "string"
                  },
                  "state": {
                    "$ref": "#/components/schemas/TradingState"
                  }
                },
                "type": "object"
              }
            }
          },
          "required": false
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "applied"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "refused by the risk guard"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "admin": []
          }
        ],
        "summary": "kill switch: flatten every model and halt the arena"
      }
    },
    "/api/admin/models/{id}/flatten": {
      "post": {
        "operationId": "flattenModel",
        "parameters": [
          {
            "$ref": "#/components/parameters/modelID"
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "reason": {
                    "maxLength": 500,
                    "type": "string"
                  },
                  "state": {
                    "$ref": "#/components/schemas/TradingState"
                  }
                },
                "type": "object"
              }
            }
          },
          "required": false
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "applied"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "refused by the risk guard"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "admin": []
          }
        ],
        "summary": "flatten a model's positions and halt it"
      }
    },
    "/api/admin/models/{id}/pause": {
      "post": {
        "operationId": "pauseModel",
        "parameters": [
          {
            "$ref": "#/components/parameters/modelID"
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "reason": {
                    "maxLength": 500,
                    "type": "string"
                  },
                  "state": {
                    "$ref": "#/components/schemas/TradingState"
                  }
                },
                "type": "object"
              }
            }
          },
          "required": false
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "applied"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "refused by the risk guard"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "admin": []
          }
        ],
        "summary": "pause a model (HALTED: it opens nothing, exits pass)"
      }
    },
    "/api/admin/models/{id}/resume": {
      "post": {
        "operationId": "resumeModel",
        "parameters": [
          {
            "$ref": "#/components/parameters/modelID"
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "reason": {
                    "maxLength": 500,
                    "type": "string"
                  },
                  "state": {
                    "$ref": "#/components/schemas/TradingState"
                  }
                },
                "type": "object"
              }
            }
          },
          "required": false
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "applied"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "refused by the risk guard"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "admin": []
          }
        ],
        "summary": "resume a model (ACTIVE)"
      }
    },
    "/api/admin/models/{id}/state": {
      "post": {
        "operationId": "setModelState",
        "parameters": [
          {
            "$ref": "#/components/parameters/modelID"
          }
        ],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "reason": {
                    "maxLength": 500,
                    "type": "string"
                  },
                  "state": {
                    "$ref": "#/components/schemas/TradingState"
                  }
                },
                "required": [
                  "state"
                ],
                "type": "object"
              }
            }
          },
          "required": false
        },
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "applied"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TradingControlReply"
                }
              }
            },
            "description": "refused by the risk guard"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {
            "admin": []
          }
        ],
        "summary": "set a model's trading state"
      }
    },
    "/api/coverage": {
      "get": {
        "operationId": "coverage",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "dataAlerts": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    },
                    "symbols": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    }
                  },
                  "required": [
                    "symbols",
                    "dataAlerts"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "bars per symbol and data alerts"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "data coverage"
      }
    },
    "/api/decisions": {
      "get": {
        "operationId": "list_decisions",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          },
          {
            "$ref": "#/components/parameters/model"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "items": {
                      "items": {
                        "$ref": "#/components/schemas/Event"
                      },
                      "type": "array"
                    },
                    "next_cursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "items",
                    "next_cursor"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "a page, newest first"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "list decisions"
      }
    },
    "/api/decisions/{id}": {
      "get": {
        "operationId": "decision",
        "parameters": [
          {
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "maxLength": 256,
              "minLength": 1,
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "chain": {
                      "type": "object"
                    },
                    "decision": {
                      "type": "object"
                    },
                    "decisionID": {
                      "type": "string"
                    },
                    "fills": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    },
                    "orders": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    },
                    "snapshot": {
                      "type": "object"
                    },
                    "verdict": {
                      "type": "object"
                    }
                  },
                  "required": [
                    "decisionID",
                    "orders",
                    "fills"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "snapshot, decision, verdict, orders, fills and the audit chain"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "audit replay of one decision"
      }
    },
    "/api/fills": {
      "get": {
        "operationId": "list_fills",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          },
          {
            "$ref": "#/components/parameters/model"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "items": {
                      "items": {
                        "$ref": "#/components/schemas/Event"
                      },
                      "type": "array"
                    },
                    "next_cursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "items",
                    "next_cursor"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "a page, newest first"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "list fills"
      }
    },
    "/api/health": {
      "get": {
        "operationId": "health",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "models": {
                      "type": "integer"
                    },
                    "services": {
                      "items": {
                        "$ref": "#/components/schemas/ServicePulse"
                      },
                      "type": "array"
                    },
                    "status": {
                      "enum": [
                        "ok",
                        "starting"
                      ],
                      "type": "string"
                    },
                    "store": {
                      "enum": [
                        "ready",
                        "starting"
                      ],
                      "type": "string"
                    },
                    "version": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "status",
                    "version",
                    "models",
                    "services",
                    "store"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "ok"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {}
        ],
        "summary": "liveness and what the reporter hears"
      }
    },
    "/api/leaderboard": {
      "get": {
        "operationId": "leaderboard",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Leaderboard"
                }
              }
            },
            "description": "every model and the baselines"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "leaderboard"
      }
    },
    "/api/models": {
      "get": {
        "operationId": "models",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "models": {
                      "items": {
                        "type": "string"
                      },
                      "type": "array"
                    }
                  },
                  "required": [
                    "models"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "ids"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "model ids"
      }
    },
    "/api/models/{id}": {
      "get": {
        "operationId": "model",
        "parameters": [
          {
            "$ref": "#/components/parameters/modelID"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "account": {
                      "type": "object"
                    },
                    "id": {
                      "type": "string"
                    },
                    "navPoints": {
                      "type": "integer"
                    },
                    "recentTrades": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    },
                    "row": {
                      "type": "object"
                    },
                    "tradingState": {
                      "type": "object"
                    }
                  },
                  "required": [
                    "id",
                    "recentTrades",
                    "navPoints"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "its row, account, state and recent trades"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "one model"
      }
    },
    "/api/nav/{id}": {
      "get": {
        "operationId": "nav",
        "parameters": [
          {
            "description": "a model id or buy_and_hold:SYMBOL",
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "maxLength": 80,
              "minLength": 1,
              "type": "string"
            }
          },
          {
            "description": "downsample to this many points (LTTB)",
            "in": "query",
            "name": "points",
            "required": false,
            "schema": {
              "maximum": 100000,
              "minimum": 3,
              "type": "integer"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "model": {
                      "type": "string"
                    },
                    "points": {
                      "items": {
                        "items": {
                          "type": "number"
                        },
                        "maxItems": 2,
                        "minItems": 2,
                        "type": "array"
                      },
                      "type": "array"
                    },
                    "total": {
                      "type": "integer"
                    }
                  },
                  "required": [
                    "model",
                    "points",
                    "total"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "[time_ms, nav] pairs, oldest first"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "NAV curve"
      }
    },
    "/api/openapi.json": {
      "get": {
        "operationId": "openapi",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            },
            "description": "the OpenAPI document"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "security": [
          {}
        ],
        "summary": "this document"
      }
    },
    "/api/orders": {
      "get": {
        "operationId": "list_orders",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          },
          {
            "$ref": "#/components/parameters/model"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "items": {
                      "items": {
                        "$ref": "#/components/schemas/Event"
                      },
                      "type": "array"
                    },
                    "next_cursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "items",
                    "next_cursor"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "a page, newest first"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "list orders"
      }
    },
    "/api/reports": {
      "get": {
        "operationId": "reports",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "reports": {
                      "items": {
                        "properties": {
                          "links": {
                            "additionalProperties": {
                              "type": "string"
                            },
                            "type": "object"
                          },
                          "period": {
                            "enum": [
                              "daily",
                              "weekly",
                              "monthly"
                            ],
                            "type": "string"
                          },
                          "start": {
                            "type": "string"
                          },
                          "title": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "period",
                          "start",
                          "title",
                          "links"
                        ],
                        "type": "object"
                      },
                      "type": "array"
                    }
                  },
                  "required": [
                    "reports"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "the periods reported, newest first, with the arena report's links"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "stored reports"
      }
    },
    "/api/services": {
      "get": {
        "operationId": "services",
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "alerts": {
                      "items": {
                        "type": "object"
                      },
                      "type": "array"
                    },
                    "services": {
                      "items": {
                        "$ref": "#/components/schemas/ServicePulse"
                      },
                      "type": "array"
                    },
                    "workers": {
                      "items": {
                        "properties": {
                          "jobs": {
                            "type": "integer"
                          },
                          "lastTickMilliseconds": {
                            "type": "integer"
                          },
                          "modelFiles": {
                            "description": "the model file each learned model last ran on this worker",
                            "items": {
                              "properties": {
                                "model": {
                                  "type": "string"
                                },
                                "path": {
                                  "type": "string"
                                },
                                "sha256": {
                                  "type": "string"
                                }
                              },
                              "required": [
                                "model",
                                "path",
                                "sha256"
                              ],
                              "type": "object"
                            },
                            "type": "array"
                          },
                          "latencyP50Milliseconds": {
                            "type": "integer"
                          },
                          "latencyP99Milliseconds": {
                            "type": "integer"
                          },
                          "share": {
                            "type": "number"
                          },
                          "worker": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "worker",
                          "jobs",
                          "share",
                          "modelFiles"
                        ],
                        "type": "object"
                      },
                      "type": "array"
                    }
                  },
                  "required": [
                    "services",
                    "workers",
                    "alerts"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "heartbeats, message counts, the scorer workers' share of the jobs and latency, and recent alerts"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "services and alerts"
      }
    },
    "/api/verdicts": {
      "get": {
        "operationId": "list_verdicts",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          },
          {
            "$ref": "#/components/parameters/model"
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "properties": {
                    "items": {
                      "items": {
                        "$ref": "#/components/schemas/Event"
                      },
                      "type": "array"
                    },
                    "next_cursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "required": [
                    "items",
                    "next_cursor"
                  ],
                  "type": "object"
                }
              }
            },
            "description": "a page, newest first"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "list verdicts"
      }
    },
    "/reports/{period}/{start}/{file}": {
      "get": {
        "operationId": "report",
        "parameters": [
          {
            "in": "path",
            "name": "period",
            "required": true,
            "schema": {
              "enum": [
                "daily",
                "weekly",
                "monthly"
              ],
              "type": "string"
            }
          },
          {
            "description": "the period's first day, UTC (1970-01-01 to 2261-12-31)",
            "in": "path",
            "name": "start",
            "required": true,
            "schema": {
              "pattern": "^(19[7-9][0-9]|2[01][0-9][0-9]|22[0-5][0-9]|226[01])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
              "type": "string"
            }
          },
          {
            "description": "arena.html, arena.md, arena.json or <model>.<format>",
            "in": "path",
            "name": "file",
            "required": true,
            "schema": {
              "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(html|md|json)$",
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              },
              "text/html": {
                "schema": {
                  "type": "string"
                }
              },
              "text/markdown": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "description": "the report"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "429": {
            "$ref": "#/components/responses/Error"
          },
          "503": {
            "$ref": "#/components/responses/Error"
          }
        },
        "summary": "one stored report"
      }
    }
  },
  "security": [
    {
      "viewer": []
    },
    {}
  ],
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ]
}
"""#
}

// GENERATED from tfplugin6.proto, go-plugin.proto and health.proto by protocol/generate-descriptor.ts. Do not edit.
/* eslint-disable */
export const DESCRIPTOR: Record<string, unknown> = {
  "nested": {
    "tfplugin6": {
      "nested": {
        "DynamicValue": {
          "fields": {
            "msgpack": {
              "type": "bytes",
              "id": 1
            },
            "json": {
              "type": "bytes",
              "id": 2
            }
          }
        },
        "Diagnostic": {
          "fields": {
            "severity": {
              "type": "Severity",
              "id": 1
            },
            "summary": {
              "type": "string",
              "id": 2
            },
            "detail": {
              "type": "string",
              "id": 3
            },
            "attribute": {
              "type": "AttributePath",
              "id": 4
            }
          },
          "nested": {
            "Severity": {
              "values": {
                "INVALID": 0,
                "ERROR": 1,
                "WARNING": 2
              }
            }
          }
        },
        "AttributePath": {
          "fields": {
            "steps": {
              "rule": "repeated",
              "type": "Step",
              "id": 1
            }
          },
          "nested": {
            "Step": {
              "oneofs": {
                "selector": {
                  "oneof": [
                    "attribute_name",
                    "element_key_string",
                    "element_key_int"
                  ]
                }
              },
              "fields": {
                "attribute_name": {
                  "type": "string",
                  "id": 1
                },
                "element_key_string": {
                  "type": "string",
                  "id": 2
                },
                "element_key_int": {
                  "type": "int64",
                  "id": 3
                }
              }
            }
          }
        },
        "StopProvider": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {}
            },
            "Response": {
              "fields": {
                "Error": {
                  "type": "string",
                  "id": 1
                }
              }
            }
          }
        },
        "StringKind": {
          "values": {
            "PLAIN": 0,
            "MARKDOWN": 1
          }
        },
        "Schema": {
          "fields": {
            "version": {
              "type": "int64",
              "id": 1
            },
            "block": {
              "type": "Block",
              "id": 2
            }
          },
          "nested": {
            "Block": {
              "fields": {
                "version": {
                  "type": "int64",
                  "id": 1
                },
                "attributes": {
                  "rule": "repeated",
                  "type": "Attribute",
                  "id": 2
                },
                "block_types": {
                  "rule": "repeated",
                  "type": "NestedBlock",
                  "id": 3
                },
                "description": {
                  "type": "string",
                  "id": 4
                },
                "description_kind": {
                  "type": "StringKind",
                  "id": 5
                },
                "deprecated": {
                  "type": "bool",
                  "id": 6
                }
              }
            },
            "Attribute": {
              "fields": {
                "name": {
                  "type": "string",
                  "id": 1
                },
                "type": {
                  "type": "bytes",
                  "id": 2
                },
                "description": {
                  "type": "string",
                  "id": 3
                },
                "required": {
                  "type": "bool",
                  "id": 4
                },
                "optional": {
                  "type": "bool",
                  "id": 5
                },
                "computed": {
                  "type": "bool",
                  "id": 6
                },
                "sensitive": {
                  "type": "bool",
                  "id": 7
                },
                "description_kind": {
                  "type": "StringKind",
                  "id": 8
                },
                "deprecated": {
                  "type": "bool",
                  "id": 9
                },
                "write_only": {
                  "type": "bool",
                  "id": 11
                }
              }
            },
            "NestedBlock": {
              "fields": {
                "type_name": {
                  "type": "string",
                  "id": 1
                },
                "block": {
                  "type": "Block",
                  "id": 2
                },
                "nesting": {
                  "type": "NestingMode",
                  "id": 3
                },
                "min_items": {
                  "type": "int64",
                  "id": 4
                },
                "max_items": {
                  "type": "int64",
                  "id": 5
                }
              },
              "nested": {
                "NestingMode": {
                  "values": {
                    "INVALID": 0,
                    "SINGLE": 1,
                    "LIST": 2,
                    "SET": 3,
                    "MAP": 4,
                    "GROUP": 5
                  }
                }
              }
            }
          }
        },
        "ServerCapabilities": {
          "fields": {
            "plan_destroy": {
              "type": "bool",
              "id": 1
            },
            "get_provider_schema_optional": {
              "type": "bool",
              "id": 2
            },
            "move_resource_state": {
              "type": "bool",
              "id": 3
            },
            "generate_resource_config": {
              "type": "bool",
              "id": 4
            }
          }
        },
        "ClientCapabilities": {
          "fields": {
            "deferral_allowed": {
              "type": "bool",
              "id": 1
            },
            "write_only_attributes_allowed": {
              "type": "bool",
              "id": 2
            }
          }
        },
        "Deferred": {
          "fields": {
            "reason": {
              "type": "Reason",
              "id": 1
            }
          },
          "nested": {
            "Reason": {
              "values": {
                "UNKNOWN": 0,
                "RESOURCE_CONFIG_UNKNOWN": 1,
                "PROVIDER_CONFIG_UNKNOWN": 2,
                "ABSENT_PREREQ": 3
              }
            }
          }
        },
        "GetMetadata": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {}
            },
            "Response": {
              "fields": {
                "server_capabilities": {
                  "type": "ServerCapabilities",
                  "id": 1
                },
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 2
                },
                "data_sources": {
                  "rule": "repeated",
                  "type": "DataSourceMetadata",
                  "id": 3
                },
                "resources": {
                  "rule": "repeated",
                  "type": "ResourceMetadata",
                  "id": 4
                }
              }
            },
            "DataSourceMetadata": {
              "fields": {
                "type_name": {
                  "type": "string",
                  "id": 1
                }
              }
            },
            "ResourceMetadata": {
              "fields": {
                "type_name": {
                  "type": "string",
                  "id": 1
                }
              }
            }
          }
        },
        "GetProviderSchema": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {}
            },
            "Response": {
              "fields": {
                "provider": {
                  "type": "Schema",
                  "id": 1
                },
                "resource_schemas": {
                  "keyType": "string",
                  "type": "Schema",
                  "id": 2
                },
                "data_source_schemas": {
                  "keyType": "string",
                  "type": "Schema",
                  "id": 3
                },
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 4
                },
                "provider_meta": {
                  "type": "Schema",
                  "id": 5
                },
                "server_capabilities": {
                  "type": "ServerCapabilities",
                  "id": 6
                }
              }
            }
          }
        },
        "ValidateProviderConfig": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {
                "config": {
                  "type": "DynamicValue",
                  "id": 1
                }
              }
            },
            "Response": {
              "fields": {
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 2
                }
              }
            }
          }
        },
        "ConfigureProvider": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {
                "terraform_version": {
                  "type": "string",
                  "id": 1
                },
                "config": {
                  "type": "DynamicValue",
                  "id": 2
                },
                "client_capabilities": {
                  "type": "ClientCapabilities",
                  "id": 3
                }
              }
            },
            "Response": {
              "fields": {
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 1
                }
              }
            }
          }
        },
        "ValidateDataResourceConfig": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {
                "type_name": {
                  "type": "string",
                  "id": 1
                },
                "config": {
                  "type": "DynamicValue",
                  "id": 2
                }
              }
            },
            "Response": {
              "fields": {
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 1
                }
              }
            }
          }
        },
        "ReadDataSource": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {
                "type_name": {
                  "type": "string",
                  "id": 1
                },
                "config": {
                  "type": "DynamicValue",
                  "id": 2
                },
                "provider_meta": {
                  "type": "DynamicValue",
                  "id": 3
                },
                "client_capabilities": {
                  "type": "ClientCapabilities",
                  "id": 4
                }
              }
            },
            "Response": {
              "fields": {
                "state": {
                  "type": "DynamicValue",
                  "id": 1
                },
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 2
                },
                "deferred": {
                  "type": "Deferred",
                  "id": 3
                }
              }
            }
          }
        },
        "GetResourceIdentitySchemas": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {}
            },
            "Response": {
              "fields": {
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 2
                }
              }
            }
          }
        },
        "GetFunctions": {
          "fields": {},
          "nested": {
            "Request": {
              "fields": {}
            },
            "Response": {
              "fields": {
                "diagnostics": {
                  "rule": "repeated",
                  "type": "Diagnostic",
                  "id": 2
                }
              }
            }
          }
        },
        "Provider": {
          "methods": {
            "GetMetadata": {
              "requestType": "GetMetadata.Request",
              "responseType": "GetMetadata.Response"
            },
            "GetProviderSchema": {
              "requestType": "GetProviderSchema.Request",
              "responseType": "GetProviderSchema.Response"
            },
            "ValidateProviderConfig": {
              "requestType": "ValidateProviderConfig.Request",
              "responseType": "ValidateProviderConfig.Response"
            },
            "ValidateDataResourceConfig": {
              "requestType": "ValidateDataResourceConfig.Request",
              "responseType": "ValidateDataResourceConfig.Response"
            },
            "GetResourceIdentitySchemas": {
              "requestType": "GetResourceIdentitySchemas.Request",
              "responseType": "GetResourceIdentitySchemas.Response"
            },
            "ConfigureProvider": {
              "requestType": "ConfigureProvider.Request",
              "responseType": "ConfigureProvider.Response"
            },
            "ReadDataSource": {
              "requestType": "ReadDataSource.Request",
              "responseType": "ReadDataSource.Response"
            },
            "GetFunctions": {
              "requestType": "GetFunctions.Request",
              "responseType": "GetFunctions.Response"
            },
            "StopProvider": {
              "requestType": "StopProvider.Request",
              "responseType": "StopProvider.Response"
            }
          }
        }
      }
    },
    "plugin": {
      "nested": {
        "Empty": {
          "fields": {}
        },
        "StdioData": {
          "fields": {
            "channel": {
              "type": "Channel",
              "id": 1
            },
            "data": {
              "type": "bytes",
              "id": 2
            }
          },
          "nested": {
            "Channel": {
              "values": {
                "INVALID": 0,
                "STDOUT": 1,
                "STDERR": 2
              }
            }
          }
        },
        "GRPCController": {
          "methods": {
            "Shutdown": {
              "requestType": "Empty",
              "responseType": "Empty"
            }
          }
        },
        "GRPCStdio": {
          "methods": {
            "StreamStdio": {
              "requestType": "Empty",
              "responseType": "StdioData",
              "responseStream": true
            }
          }
        }
      }
    },
    "grpc": {
      "nested": {
        "health": {
          "nested": {
            "v1": {
              "nested": {
                "HealthCheckRequest": {
                  "fields": {
                    "service": {
                      "type": "string",
                      "id": 1
                    }
                  }
                },
                "HealthCheckResponse": {
                  "fields": {
                    "status": {
                      "type": "ServingStatus",
                      "id": 1
                    }
                  },
                  "nested": {
                    "ServingStatus": {
                      "values": {
                        "UNKNOWN": 0,
                        "SERVING": 1,
                        "NOT_SERVING": 2,
                        "SERVICE_UNKNOWN": 3
                      }
                    }
                  }
                },
                "Health": {
                  "methods": {
                    "Check": {
                      "requestType": "HealthCheckRequest",
                      "responseType": "HealthCheckResponse"
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
};
